"""A tiny notes API: FastAPI in front of PostgreSQL."""
import os

import psycopg
from fastapi import FastAPI

DATABASE_URL = os.environ["DATABASE_URL"]
app = FastAPI()


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/notes")
def notes() -> list:
    with psycopg.connect(DATABASE_URL) as conn:
        rows = conn.execute("SELECT id, body FROM notes ORDER BY id").fetchall()
    return [{"id": r[0], "body": r[1]} for r in rows]
