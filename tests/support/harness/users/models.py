"""A custom user model with a phone number, as in the starter project."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    phone_number = models.CharField(max_length=32, blank=True)
