"""Workbook building. Pure: takes plain rows, writes files; never touches Flask or the database."""
