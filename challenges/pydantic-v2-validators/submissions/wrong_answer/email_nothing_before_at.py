"""Mistake: the email check counts the `@` and looks for a dot in the domain, but never
asks for text before the `@`: "@example.com" is accepted as an address."""

import re
from typing import Optional

from pydantic import BaseModel, Field, StrictInt, field_validator, model_validator

USERNAME = re.compile(r"[a-z0-9_]{3,20}")
POSTCODE = re.compile(r"[0-9]{4}[A-Z]{2}")


class Address(BaseModel):
    street: str
    city: str
    postcode: str
    country: str = "NL"

    @field_validator("postcode")
    @classmethod
    def normalise_postcode(cls, value: str) -> str:
        compact = value.replace(" ", "").upper()
        if not POSTCODE.fullmatch(compact):
            raise ValueError("invalid postcode")
        return f"{compact[:4]} {compact[4:]}"

    @field_validator("country")
    @classmethod
    def country_code(cls, value: str) -> str:
        code = value.strip().upper()
        if len(code) != 2 or not code.isalpha() or not code.isascii():
            raise ValueError("country must be a two-letter code")
        return code


class Signup(BaseModel):
    username: str
    age: StrictInt = Field(ge=13)
    email: str
    password: str = Field(min_length=8)
    password_confirm: str
    tags: list[str] = []
    address: Optional[Address] = None

    @field_validator("username")
    @classmethod
    def normalise_username(cls, value: str) -> str:
        name = value.strip().lower()
        if not USERNAME.fullmatch(name):
            raise ValueError("username must be 3-20 letters, digits or underscores")
        return name

    @field_validator("email")
    @classmethod
    def normalise_email(cls, value: str) -> str:
        email = value.strip().lower()
        local, at, domain = email.partition("@")
        if email.count("@") != 1 or "." not in domain.strip("."):
            raise ValueError("invalid email")
        return email

    @field_validator("tags")
    @classmethod
    def clean_tags(cls, tags: list[str]) -> list[str]:
        cleaned = (tag.strip().lower() for tag in tags)
        return list(dict.fromkeys(tag for tag in cleaned if tag))

    @model_validator(mode="after")
    def passwords_match(self) -> "Signup":
        if self.password != self.password_confirm:
            raise ValueError("passwords do not match")
        return self
