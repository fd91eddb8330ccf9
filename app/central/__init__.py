"""The central store (省级中心库): HTTP sync API over SQLAlchemy, PostgreSQL in production, SQLite on one machine."""
