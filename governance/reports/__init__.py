"""Rendering committee reports: the document model, HTML, PDF, publishing and agenda packs."""
