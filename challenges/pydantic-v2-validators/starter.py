"""Signup and Address as pydantic v2 models. See statement.md."""

from typing import Optional

from pydantic import BaseModel


class Address(BaseModel):
    street: str
    city: str
    postcode: str
    country: str = "NL"


class Signup(BaseModel):
    username: str
    age: int
    email: str
    password: str
    password_confirm: str
    tags: list[str] = []
    address: Optional[Address] = None
    # TODO: normalise and validate the fields, make age strict, compare the passwords.

