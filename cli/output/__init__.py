"""How the terminal shows what the library answers: tables, reports and pictures, through the
one sanitiser, fitted to the terminal's width, paged when long."""
