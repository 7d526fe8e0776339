"""PDF documents made with ReportLab from plain data (no ORM objects, no Qt)."""
