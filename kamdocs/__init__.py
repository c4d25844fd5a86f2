"""kamdocs: Key-Account-Management playbooks as code."""

__version__ = "0.1.0"
