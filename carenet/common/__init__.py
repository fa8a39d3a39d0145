"""Helpers every app may use: dates, plain-Japanese text, QR codes, spreadsheets.

The lowest layer: it imports no app of ours (import-linter checks this).
"""
