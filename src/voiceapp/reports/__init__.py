"""PDF / DOCX / XLSX writers: layout only; numbers come from services."""
