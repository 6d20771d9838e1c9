"""The SPARQL lexer's variables: the characters it takes into a name."""

from naseigraph.lexer import tokens


def variable(text: str) -> str:
    return next(t.group() for t in tokens(text) if t.lastgroup == "var")


def test_a_variable_takes_letters_digits_and_the_name_characters_of_sparql():
    assert variable("?x_1 ") == "?x_1"
    assert variable("$été·2}") == "$été·2"
    assert variable("?Na₃P)") == "?Na₃P"  # U+2083 is above U+00C0


def test_a_variable_ends_at_punctuation_and_space():
    for end in " .,;(){}[]-+*/=<>!&|^`'\"\\@:?$#\t\n\u00a0\u00bf":
        assert variable(f"?phase{end}x") == "?phase", repr(end)


def test_the_variable_class_is_the_documented_set_for_every_code_point():
    def documented(c: int) -> bool:
        ch = chr(c)
        return (ch.isascii() and (ch.isalnum() or ch == "_")) or c == 0xB7 or 0xC0 <= c <= 0xFFFF

    wrong = [
        c for c in range(0x110000) if (variable(f"?a{chr(c)} ") == f"?a{chr(c)}") != documented(c)
    ]
    assert wrong == []
