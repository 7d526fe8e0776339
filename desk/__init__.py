"""Showroom Desk: the front desk of a real-estate sales showroom."""

__version__ = "0.1.0"
