"""Amount in words, Indian system; every expected text checked by hand against the digits."""

from decimal import Decimal

import pytest

from app.model.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "Zero"),
        (7, "Seven"),
        (19, "Nineteen"),
        (20, "Twenty"),
        (45, "Forty-Five"),
        (100, "One Hundred"),
        (101, "One Hundred One"),
        (999, "Nine Hundred Ninety-Nine"),
        (1000, "One Thousand"),
        (10_000, "Ten Thousand"),
        (99_999, "Ninety-Nine Thousand Nine Hundred Ninety-Nine"),
        (1_00_000, "One Lakh"),
        (10_50_000, "Ten Lakh Fifty Thousand"),
        (1_00_00_000, "One Crore"),
        (
            12_34_56_789,
            "Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine",
        ),
        # 1,00,00,00,00,000 = one lakh crore
        (10**12, "One Lakh Crore"),
        (123 * 10**7 + 5, "One Hundred Twenty-Three Crore Five"),
    ],
)
def test_number_in_words(n: int, words: str) -> None:
    assert number_in_words(n) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # Part 3(A) row (a) of the worked original example: 4,23,67,375.08
        (
            "42367375.08",
            "Rupees Four Crore Twenty-Three Lakh Sixty-Seven Thousand Three Hundred "
            "Seventy-Five and Eight Paise Only",
        ),
        ("0.00", "Rupees Zero Only"),
        ("0.50", "Rupees Zero and Fifty Paise Only"),
        ("1", "Rupees One Only"),
        ("88.87", "Rupees Eighty-Eight and Eighty-Seven Paise Only"),
        ("1362.16", "Rupees One Thousand Three Hundred Sixty-Two and Sixteen Paise Only"),
        ("100000.10", "Rupees One Lakh and Ten Paise Only"),
        # rounded half up to the paisa before wording
        ("2.005", "Rupees Two and One Paise Only"),
        ("-15", "Minus Rupees Fifteen Only"),
    ],
)
def test_amount_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_one_paisa_keeps_paise() -> None:
    # Decision: "Paise" for every count, as printed on challans.
    assert amount_in_words(Decimal("0.01")) == "Rupees Zero and One Paise Only"


def test_negative_number_refused() -> None:
    with pytest.raises(ValueError):
        number_in_words(-1)
