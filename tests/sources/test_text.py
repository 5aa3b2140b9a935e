import unicodedata

import pytest

from sources.text import clean_text, domain_candidates, matching_key, normalize_url, url_host


def test_clean_text_composes_to_nfc_and_trims_but_keeps_quotes():
    decomposed = unicodedata.normalize("NFD", '  Çırağan said “not negatively," ')
    cleaned = clean_text(decomposed)
    assert cleaned == 'Çırağan said “not negatively,"'
    assert unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.parametrize(
    "spelling",
    [
        "Volodymyr Zelensky",
        "volodymyr  zelensky",
        " VOLODYMYR ZELENSKY ",
        "Volodymyr\u00a0Zelensky",  # no-break space
        "Volodymyr Zel\u200bensky",  # zero-width space
    ],
)
def test_matching_key_folds_case_spaces_and_invisible_characters(spelling):
    assert matching_key(spelling) == "volodymyr zelensky"


def test_matching_key_equates_composed_and_decomposed_accents():
    composed = "Çırağan Palace"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert matching_key(composed) == matching_key(decomposed)
    assert matching_key(composed) != matching_key("Ciragan Palace")  # accents still count


def test_matching_key_straightens_curly_quotes():
    assert matching_key("President Zelensky’s office") == matching_key(
        "President Zelensky's office"
    )
    assert matching_key("“Pravda.Ru”") == matching_key('"pravda.ru"')


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Example.COM:443/a/b?x=1#frag", "https://example.com/a/b?x=1"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/p", "http://example.com:8080/p"),
        (
            "https://tass.com/politics/1?utm_source=tw&id=7&UTM_Medium=x",
            "https://tass.com/politics/1?id=7",
        ),
        ("  https://ria.ru/x  ", "https://ria.ru/x"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("HTTP://[2001:DB8::1]:80/", "http://[2001:db8::1]/"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


def test_url_host_and_domain_candidates():
    assert url_host("https://WWW.Pravda.ru/news/1") == "pravda.ru"
    assert url_host("not a url") == ""
    assert domain_candidates("english.pravda.ru") == ["english.pravda.ru", "pravda.ru"]
    assert domain_candidates("") == []
