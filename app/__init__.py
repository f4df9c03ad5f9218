"""Form 9 Offline Utility: prepare, check and export Kerala FORM No. 9 returns offline."""

__version__ = "0.2.2"
