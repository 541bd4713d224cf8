from akhbar.ner.consistency import propagate


def key(token: str) -> str:
    return token[1:] if token.startswith("و") and len(token) > 3 else token


def test_recurrence_of_a_tagged_name_is_tagged():
    sents = [["قال", "الرئيس", "جورج", "بوش", "."], ["وقال", "بوش", "إن", "جورج", "بوش", "."]]
    tags = [["O", "O", "B-PERS", "I-PERS", "O"], ["O", "O", "O", "O", "O", "O"]]
    tags[1][1] = "B-PERS"  # the model found the bare "بوش" once
    out = propagate(sents, tags, key)
    assert out[1] == ["O", "B-PERS", "O", "B-PERS", "I-PERS", "O"]
    assert tags[1][3] == "O"  # inputs are not modified


def test_existing_entities_and_short_keys_are_left_alone():
    sents = [["زار", "عمان", "."], ["في", "عمان", "وعمان", "ب", "."]]
    tags = [["O", "B-LOC", "O"], ["O", "B-ORG", "O", "O", "O"]]
    out = propagate(sents, tags, key)
    assert out[1][1] == "B-ORG"  # not overwritten
    # the clitic form matches through the key function; the majority type is used
    assert out[1][2] in {"B-LOC", "B-ORG"}
    assert propagate([["ب", "ب"]], [["B-PERS", "O"]], key) == [["B-PERS", "O"]]


def test_no_entities_no_change():
    sents = [["لا", "شيء"]]
    assert propagate(sents, [["O", "O"]], key) == [["O", "O"]]


def test_last_name_alone_refers_back_to_a_person():
    sents = [["وزير", "الدفاع", "دونالد", "رامسفيلد", "."], ["وصف", "رامسفيلد", "الجهد", "."]]
    tags = [["O", "O", "B-PERS", "I-PERS", "O"], ["O", "O", "O", "O"]]
    assert propagate(sents, tags, key)[1] == ["O", "B-PERS", "O", "O"]
    # first names alone are not propagated
    sents2 = [["دونالد", "رامسفيلد"], ["دونالد", "ترامب"]]
    out = propagate(sents2, [["B-PERS", "I-PERS"], ["O", "O"]], key)
    assert out[1] == ["O", "O"]
