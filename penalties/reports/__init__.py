"""What managers read and take away: the dashboard, the quarterly notice (通报) and the
monthly red and black list (红黑榜), as pages, XLSX and PDF."""
