"""Python side of the AI support metrics project: demo data generation and helpers."""
