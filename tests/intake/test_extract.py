"""The rule-based attribution extractor: the demo article and one synthetic case per pattern."""

from pathlib import Path

import pytest

from claims.intake import extract_attributions

DEMO = Path(__file__).resolve().parents[2] / "claims" / "demo" / "istanbul-talks.txt"

# (line, speaker name, outlet) for the 15 attributed statements of the demo article.
EXPECTED = [
    (3, "representative of the Turkish Foreign Ministry", "RIA Novosti"),
    (4, "TASS source", "TASS"),
    (5, "TASS source", "TASS"),
    (6, "Volodymyr Zelensky", None),
    (7, "TASS source", "TASS"),
    (8, "TASS source", "TASS"),
    (9, "Andriy Yermak", None),
    (10, "Andriy Yermak", None),
    (11, "Hakan Fidan", None),
    (14, "Russian media", None),
    (18, "Kyiv", None),
    (18, "Ukrainian Presidential Administration", None),
    (20, "Dmitry Peskov", None),
    (21, "Kremlin", None),
    (22, "Maria Zakharova", None),
]


def one(text: str):
    found = extract_attributions(text)
    assert len(found) == 1, found
    return found[0]


def test_demo_article_all_fifteen_with_outlets():
    text = DEMO.read_text(encoding="utf-8")
    found = extract_attributions(text)
    got = [(text[: a.start].count("\n") + 1, a.speaker_name, a.outlet) for a in found]
    assert got == EXPECTED
    kinds = [a.speaker_kind for a in found]
    assert kinds[:2] == ["anonymous", "anonymous"]
    assert kinds[9] == "media"
    assert found[12].role == "Kremlin spokesperson"
    assert found[14].role == "Russian Foreign Ministry spokesperson"
    assert found[6].speaker == "the head of President Zelensky's office, Andriy Yermak"
    assert found[7].direct_quote and not found[1].direct_quote
    assert not any("Subscribe" in a.content for a in found)
    for a in found:
        assert a.content in text[a.start : a.end] or a.content.split()[0] in text[a.start : a.end]


def test_speaker_then_said():
    a = one("Maria Lopez said the bridge would reopen in March.")
    assert (a.speaker, a.cue, a.content) == (
        "Maria Lopez",
        "said",
        "the bridge would reopen in March",
    )
    assert a.speaker_kind == "person" and not a.direct_quote


def test_said_then_speaker_inverted():
    a = one('"We will not give up," said Tom Baker, a spokesman for the union.')
    assert a.speaker_name == "Tom Baker"
    assert a.content == "We will not give up"
    assert a.direct_quote


def test_content_first():
    a = one("The harbour will close for a week, the port authority said.")
    assert a.speaker == "the port authority" and a.content == "The harbour will close for a week"


def test_according_to_both_positions():
    first = one("According to the city council, the budget grew by 4 percent.")
    assert first.cue == "according to" and first.content == "the budget grew by 4 percent"
    last = one("The budget grew by 4 percent, according to the city council.")
    assert last.speaker == "the city council" and last.content == "The budget grew by 4 percent"


def test_told_names_the_outlet():
    a = one("The factory will be sold, the mayor told The Riverside Times.")
    assert a.outlet == "The Riverside Times" and a.speaker == "the mayor"
    b = one("Nora Quist told reporters that the vote was delayed.")
    assert b.outlet is None and b.content == "the vote was delayed"


def test_reports_citing_sources():
    a = one("The ferry line will be closed next month, Reuters reports citing sources.")
    assert a.cue == "reports citing" and a.outlet == "Reuters"
    assert a.speaker_kind == "anonymous" and a.speaker_name == "Reuters source"


def test_anonymous_sources():
    text = (
        "The deal is close, a source said.\n"
        "Talks will resume on Monday, an official who asked not to be named said.\n"
        "The terms are unchanged, sources said."
    )
    found = extract_attributions(text)
    assert [a.speaker_kind for a in found] == ["anonymous"] * 3


def test_confirmed_and_declined():
    text = "The ministry confirmed the figures.\nThe company declined to comment on the case."
    found = extract_attributions(text)
    assert [a.cue for a in found] == ["confirmed", "declined to"]
    assert found[1].content == "declined to comment on the case"


def test_role_and_title_around_name():
    a = one("Finance Ministry spokesperson Anna Berg said the tax would rise.")
    assert (a.speaker_name, a.role) == ("Anna Berg", "Finance Ministry spokesperson")


def test_multi_sentence_and_multi_paragraph_quotes():
    text = (
        '"The river is rising. We are ready," Paul Grant said. "Nobody will be left behind.\n'
        '"We have boats on every street."\n'
        "The weather service expects more rain."
    )
    a = one(text)
    assert a.speaker_name == "Paul Grant"
    assert "The river is rising" in a.content and "boats on every street" in a.content
    assert "weather service" not in a.content
    assert text[a.start : a.end].startswith('"The river')


def test_curly_and_mixed_quotes():
    curly = one("“The plan works,” Ella Moss said.")
    mixed = one('"The plan works,” Ella Moss said.')
    assert curly.content == mixed.content == "The plan works"
    assert curly.direct_quote and mixed.direct_quote


def test_surname_and_pronoun_resolution():
    text = (
        "Governor Helen Ward said the roads were safe.\n"
        '"We cleared them overnight," Ward said.\n'
        "She said more salt was on the way.\n"
        "Ward's deputy, Sam Cole, said the budget was spent. He added that crews were tired."
    )
    names = [a.speaker_name for a in extract_attributions(text)]
    assert names == ["Helen Ward", "Helen Ward", "Helen Ward", "Sam Cole", "Sam Cole"]


def test_offsets_point_at_the_sentence():
    text = "Weather was calm. Mia Chen said the ship left at dawn. Nothing else happened."
    a = one(text)
    assert text[a.start : a.end] == "Mia Chen said the ship left at dawn."


def test_boilerplate_and_narration_ignored():
    text = "The ship left at dawn.\nSubscribe to our channel, said nobody."
    assert extract_attributions(text) == []


def test_deterministic():
    text = DEMO.read_text(encoding="utf-8")
    assert extract_attributions(text) == extract_attributions(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "No quotes here at all."])
def test_nothing_to_find(text):
    assert extract_attributions(text) == []


def test_appositives_between_speaker_and_cue():
    age = one("Carla Mendes, 58, said the clinic had closed too early.")
    assert age.speaker_name == "Carla Mendes" and age.content == "the clinic had closed too early"
    chain = one(
        "Tom Ruiz, a farmer from the valley, who lost his barn in the flood, said the levee failed."
    )
    assert chain.speaker_name == "Tom Ruiz" and chain.content == "the levee failed"
    clause = one("Mayor Ann Lee, opening the new library on Monday, said it would stay open late.")
    assert clause.speaker == "Mayor Ann Lee" and clause.content == "it would stay open late"
    party = one("Sen. Paul Grant (R-Ohio) said the bill was dead.")
    assert party.speaker == "Sen. Paul Grant" and party.content == "the bill was dead"


def test_common_noun_and_quantity_speakers():
    cases = {
        "A bartender at the hotel said the tips had dried up.": "A bartender at the hotel",
        "Some of the nurses said they worked double shifts.": "Some of the nurses",
        "Nearly half of respondents said the roads were worse.": "Nearly half of respondents",
        "Forty percent said they would move.": "Forty percent",
        "Another said the rent had doubled.": "Another",
        "Former state senator Ruth Okafor said it was rigged.": "Former state senator Ruth Okafor",
        "Prices rose, local economists said.": "local economists",
        "Most of the growers surveyed said the rain came late.": "Most of the growers surveyed",
    }
    for sentence, speaker in cases.items():
        assert one(sentence).speaker == speaker, sentence


def test_participle_takes_the_sentence_subject():
    a = one("The mayor defended the plan, saying it would pay for itself.")
    assert (a.speaker, a.cue, a.content) == ("The mayor", "saying", "it would pay for itself")
    b = one("Last week, Ruth Okafor ended the talks by saying the offer was an insult.")
    assert (b.speaker, b.content) == ("Ruth Okafor", "the offer was an insult")
    c = one("LISBON (Reuters) - The union rejected the deal, arguing that wages had fallen.")
    assert c.speaker == "The union" and c.content == "that wages had fallen"


def test_second_verb_of_the_subject():
    a = one("The appeals court overturned the ruling and said the law was valid.")
    assert a.speaker == "The appeals court" and a.content == "the law was valid"


def test_according_to_at_the_end_or_in_the_middle():
    end = one("Turnout fell by a third, according to a count by the county clerk at noon.")
    assert end.speaker == "a count by the county clerk at noon"
    assert end.content == "Turnout fell by a third"
    middle = one("The bridge, according to engineers, will need new cables.")
    assert middle.speaker == "engineers" and middle.content == "The bridge will need new cables"
    abbreviated = one("The bids were late, according to Mr. Okafor's office.")
    assert abbreviated.speaker == "Mr. Okafor's office"


def test_quotation_before_a_cue_with_an_adjunct():
    a = one('"We are not going anywhere." Ruth Okafor said as she left the hall.')
    assert a.content == "We are not going anywhere" and a.direct_quote
    b = one('"Who pays for this?" Grant said, pointing at the chart.')
    assert b.content == "Who pays for this?"


def test_noun_that_looks_like_a_verb_is_no_cue():
    assert extract_attributions("Voting ended early in the first two states to report.") == []


def test_later_clause_ends_the_statement():
    found = extract_attributions(
        "Most tenants said the heating worked, while a third said it broke every winter."
    )
    assert [(a.speaker, a.content) for a in found] == [
        ("Most tenants", "the heating worked"),
        ("a third", "it broke every winter"),
    ]


def test_headlines():
    says = one("Mayor Ann Lee Says Bridge Will Reopen In March")
    assert (says.speaker, says.cue, says.content) == (
        "Mayor Ann Lee",
        "Says",
        "Bridge Will Reopen In March",
    )
    colon = extract_attributions("Ruth Okafor: the levee was never inspected.\n\nBody text.")
    assert [(a.speaker, a.cue, a.content) for a in colon] == [
        ("Ruth Okafor", ":", "the levee was never inspected")
    ]
    # A rubric before the colon is no speaker; the sentence after it is read as usual.
    rubric = one("The Latest: Farmers say the drought is the worst in decades")
    assert (rubric.speaker, rubric.content) == ("Farmers", "the drought is the worst in decades")
    assert extract_attributions("Clinic Accused Of Hiding Test Results") == []


def test_progressive_modal_and_timed_cues():
    cases = {
        "The council is also asking residents to boil their water.": "is also asking",
        "A spokesman for the port wouldn't say when the cranes would return.": "wouldn't say",
        "The central bank this week said it expects growth to slow.": "this week said",
        "Ruth Okafor has since said she would run again.": "has since said",
    }
    for sentence, cue in cases.items():
        assert one(sentence).cue == cue, sentence


def test_statement_saying_and_passive_agents():
    a = one("The union issued a statement Tuesday saying the strike would go on.")
    assert (a.speaker, a.content) == ("The union", "the strike would go on")
    b = one("As reported by the Valley Gazette, the mill will close in June.")
    assert (b.speaker, b.content) == ("the Valley Gazette", "the mill will close in June")
    c = one("The deal, first reported by the Valley Gazette, would last four years.")
    assert (c.speaker, c.content) == ("the Valley Gazette", "The deal would last four years")


def test_participle_after_a_closing_quotation():
    found = extract_attributions(
        'Grant said the plan was "dead on arrival," adding that the votes were not there.'
    )
    assert [(a.speaker, a.cue, a.content) for a in found] == [
        ("Grant", "said", 'the plan was "dead on arrival,"'),
        ("Grant", "adding", "that the votes were not there"),
    ]


def test_speakers_with_descriptions_and_asides():
    cases = {
        "One of the authors of the audit, Ann Lee, said the books were clean.": "Ann Lee",
        "Paul Grant, dean of the county law school, said the ruling was narrow.": "Paul Grant",
        "Tom Ruiz — a farmer from the valley — says the levee failed.": "Tom Ruiz",
        '"It is a costly model," said Will Doyle, a professor of economics.': "Will Doyle",
    }
    for sentence, speaker in cases.items():
        assert one(sentence).speaker_name == speaker, sentence


def test_verbs_of_saying_in_other_senses():
    for sentence in [
        "On Sunday, the mayor went on the offensive.",
        "The senator maintained his lead in the polls.",
        "The ministry won the vote, adding to its majority.",
        "The casinos reported $2 billion in revenue.",
        "Of the three states, only one tried to appeal.",
        "As the results came in on Tuesday, the crowd thinned.",
        "The lead for the mayor continues to grow.",
        "The senator continued his tour of the state on Saturday.",
        "The region added 12,000 jobs in May.",
        "The new tariff would add $4 million to the bill.",
        "The delay adds to the pressure on the council.",
        "The mayor charged into the hall before the vote.",
        "Voters went to the polls in three farm states that have lost jobs.",
        "The mayor posted an easy victory in the primary.",
        "The county responded by building a new levee.",
        "Any guest who is asked to comment on the vote is counted.",
        "The tentative deal, announced Friday, would last four years.",
    ]:
        assert extract_attributions(sentence) == [], sentence
    assert one("The mayor went on to say the budget was balanced.").cue == "went on"
    assert one('The mayor continued, "We will not close the clinic."').cue == "continued"
    assert one("The mayor denied the fraud claims, pointing to the audit.").cue == "denied"


def test_base_forms_after_plural_subjects_and_modals():
    critics = one("Critics argue that the levy hurts small farms.")
    assert (critics.speaker, critics.cue, critics.content) == (
        "Critics",
        "argue",
        "the levy hurts small farms",
    )
    assert one("The port authority would not confirm the closure.").cue == "would not confirm"
    # The same words as nouns are no cues.
    assert extract_attributions("Editor's note: the story was updated on Monday.") == []
    assert extract_attributions("The mere mention of the plan drew boos.") == []


def test_inverted_speakers_with_tails_and_names_in_ly():
    cases = {
        '"Elections matter," Kelly said.': "Kelly",
        '"We won," said Joe Donnelly, a state senator.': "Joe Donnelly, a state senator",
        '"It was close," said a source close to the campaign.': "a source close to the campaign",
        '"It is hard," said one official with knowledge of the talks.': (
            "one official with knowledge of the talks"
        ),
    }
    for sentence, speaker in cases.items():
        assert one(sentence).speaker == speaker, sentence


def test_absolute_participles_said_first_and_written_channels():
    poll = one("Turnout fell, with 47 percent of voters saying they would stay home.")
    assert (poll.speaker, poll.content) == ("47 percent of voters", "they would stay home")
    first = one('Said Ruth Okafor: "We are not going anywhere."')
    assert (first.speaker, first.content) == ("Ruth Okafor", "We are not going anywhere")
    email = one("The campaign sent a fundraising email on Friday saying the race was tied.")
    assert (email.speaker, email.content) == ("The campaign", "the race was tied")
    assert one("Most of them said the plant had treated them well.").speaker == "Most of them"


def test_subject_of_the_clause_and_continuing_cues():
    a = one("The crowd cheered when the mayor saw a banner and asked for it to be brought up.")
    assert a.speaker == "the mayor"
    b = one('Already, Ruth Okafor has denounced the merger and said, "We will fight it."')
    assert (b.speaker, b.content) == ("Ruth Okafor", "We will fight it")
    assert one("Sen. Paul Grant kept asking why the report was late.").cue == "kept asking"


def test_passive_cue_with_its_agent():
    a = one("Ruth Okafor was asked by host Paul Grant whether the plan would survive.")
    assert (a.speaker, a.cue) == ("host Paul Grant", "was asked by")
    assert a.content == "Ruth Okafor whether the plan would survive"


def test_bylines_and_went_on_to_act_are_no_statements():
    assert extract_attributions("Ann Lee reported from Lisbon, and Paul Grant from Porto.") == []
    assert extract_attributions("The club went on to win the cup and the league.") == []
    assert one("Grant went on to list the reasons the bridge failed.").cue == "went on"


def test_infinitives_of_saying_and_long_parentheses():
    a = one("The mayor took to the radio to say the water was safe to drink.")
    assert (a.speaker, a.cue, a.content) == ("The mayor", "to say", "the water was safe to drink")
    assert extract_attributions("The council is expected to announce a budget of $4 million.") == []
    b = one(
        "Sen. Paul Grant (a Democrat so young he is often taken for an aide) says he was adrift."
    )
    assert b.speaker == "Sen. Paul Grant"
    assert one("Ruth Okafor was quoted as saying the levee held.").cue == "was quoted as saying"


def test_datelines_with_dates_and_states_and_negated_progressives():
    # After the dateline as at a sentence's start: the act and the participle.
    blamed, a = extract_attributions(
        "LA CROSSE, Wisc. — Gov. Ann Lee on Thursday blamed the press, saying it twisted facts."
    )
    assert (blamed.speaker, blamed.cue) == ("Gov. Ann Lee", "on Thursday blamed")
    assert (a.speaker, a.content) == ("Gov. Ann Lee", "it twisted facts")
    b = one("PORTO, Aug 31 (Reuters) - The union rejected the deal, arguing wages had fallen.")
    assert b.speaker == "The union"
    assert one("The mayor isn't saying whether the plant will close.").cue == "isn't saying"


def test_one_quoted_word_and_more_absolute_participles():
    a = one('"Absolutely," the mayor said.')
    assert (a.speaker, a.content) == ("the mayor", "Absolutely")
    assert extract_attributions("Yes, the mayor said.") == []  # an unquoted word is no statement
    b = one("Critics piled in, with Ruth Okafor tweeting that the plan was a disaster.")
    assert (b.speaker, b.cue) == ("Ruth Okafor", "tweeting")


def test_openers_participles_and_passive_modifiers_are_no_speakers():
    assert extract_attributions("The man accused of buying the guns will stay in custody.") == []
    a = one("Having said he would not resign, the mayor warned that cuts would follow.")
    assert a.speaker == "the mayor"
    b = one("More recently, the senator has spoken out on the law, citing her faith.")
    assert b.speaker == "the senator"
    # A preposition followed by a clause is no opening phrase: the place is no speaker.
    found = extract_attributions("By Sunday she had cancelled the rally in Green Bay, citing it.")
    assert not any("Bay" in a.speaker for a in found)
    d = one(
        "Although the mayor is not a candidate, the governor sent a jab, suggesting he was vain."
    )
    assert d.speaker == "the governor"


def test_scene_setting_before_the_speaker_is_not_the_statement():
    a = one('In an interview on "Morning Report," Mayor Ann Lee said the budget was balanced.')
    assert (a.speaker, a.content) == ("Mayor Ann Lee", "the budget was balanced")
    b = one("PORTO (Reuters) - The union leader Paul Grant said the strike would go on.")
    assert b.content == "the strike would go on"
    # A clause before the speaker is still the statement: "..., Lee said."
    c = one("During the talks, the city offered a new contract, the union leader said.")
    assert c.content == "During the talks, the city offered a new contract"


def test_a_name_after_the_cue_speaks_not_the_clause_before():
    a = one("The levee was never inspected, said Ruth Okafor, an engineer with the county.")
    assert (a.speaker_name, a.content) == ("Ruth Okafor", "The levee was never inspected")
    b = one("Paul Grant, a spokesman for the port, said Mrs. Lee had resigned.")
    assert (b.speaker_name, b.content) == ("Paul Grant", "Mrs. Lee had resigned")


def test_listener_phrases_and_scene_before_that():
    a = one("Lee told Lisbon's RTP television station in an interview on Monday that ties held.")
    assert (a.speaker, a.content) == ("Lee", "ties held")
    b = one("Grant told Radio Porto host Ana Reis that the race was over.")
    assert b.content == "the race was over"
    c = one("Grant told a local radio host on Wednesday that the race was over.")
    assert c.content == "the race was over"


def test_more_speaker_shapes():
    cases = {
        'After the vote, Gov. Ann Lee (D-Ohio), said, "We are ready."': "Gov. Ann Lee",
        "Many at the hearing — farmers, teachers, nurses — said the plan was unfair.": (
            "Many at the hearing"
        ),
        '"It was all lies," said one owner of a shop that sells shoes who asked not to be named.': (
            "one owner of a shop that sells shoes"
        ),
    }
    for sentence, speaker in cases.items():
        assert one(sentence).speaker == speaker, sentence
    a = one('But, said Grant, "we are not leaving."')
    assert (a.speaker, a.content) == ("Grant", "we are not leaving")


def test_passive_report_with_its_agent():
    a = one("The mayor's plan was first reported by the Valley Gazette.")
    assert (a.speaker, a.content) == ("the Valley Gazette", "The mayor's plan")


def test_a_clause_before_the_speaker_is_the_statement_even_after_an_opener():
    a = one("But the new levy is still tilted toward the rich, the budget office said.")
    assert (a.speaker, a.content) == (
        "the budget office",
        "But the new levy is still tilted toward the rich",
    )
    b = one("This has been a worry for the growers all year, Okafor said.")
    assert b.content == "This has been a worry for the growers all year"


def test_a_name_with_its_party_before_an_appositive():
    a = one("Sen. Ruth Okafor (D-Ohio), a member of the farm panel, said the bill was dead.")
    assert (a.speaker_name, a.content) == ("Ruth Okafor", "the bill was dead")


def test_a_sentence_adverb_or_channel_between_speaker_and_cue():
    cases = {
        "Growers, however, say the rain came too late.": "Growers",
        "The mayor, in a statement Tuesday, said the budget was balanced.": "The mayor",
        "Ruth Okafor, meanwhile, says the levee will hold.": "Ruth Okafor",
    }
    for sentence, speaker in cases.items():
        assert one(sentence).speaker == speaker, sentence


def test_plural_nouns_with_a_complement_open_a_sentence():
    a = one("Proponents of the levy say it would pay for the new bridge.")
    assert (a.speaker, a.content) == ("Proponents of the levy", "it would pay for the new bridge")
    assert one("Those close to the mayor say she will run again.").speaker == (
        "Those close to the mayor"
    )


def test_a_time_after_the_cue_is_not_the_statement():
    a = one("Ruth Okafor said Wednesday she, too, wants an inquiry into the levee.")
    assert a.content == "she, too, wants an inquiry into the levee"
    b = one("The growers have said for years that they would back the plan.")
    assert b.content == "they would back the plan"


def test_a_quotation_ends_before_the_circumstances_after_it():
    a = one("Ruth Okafor had previously said, “We’ll see,” when asked whether she would run.")
    assert a.content == "We’ll see"


def test_a_statement_relayed_by_a_report_belongs_to_the_report():
    a = one("Ruth Okafor said the mill will close, according to the Valley Gazette.")
    assert (a.speaker, a.content) == ("the Valley Gazette", "Ruth Okafor said the mill will close")
    b = one("The Valley Gazette reported that Ruth Okafor said the mill will close.")
    assert b.speaker == "The Valley Gazette"


def test_as_is_no_clause_for_the_subject_of_a_second_verb():
    a = one("In her speech, Ruth Okafor described Lee as the most able and said he would win.")
    assert a.speaker == "Ruth Okafor"


def test_an_opening_question_is_no_subject():
    a = one('Asked on Monday whether Lee would run again, Ruth Okafor smiled and said, "No."')
    assert (a.speaker, a.content) == ("Ruth Okafor", "No")


def test_a_quotation_resumes_after_an_inverted_speaker_and_description():
    a = one('"It is late," said Ann Lee, head of the growers in the valley, "but we will sow."')
    assert a.speaker == "Ann Lee"
    assert a.content == '"It is late," "but we will sow."'


def test_a_quotation_paragraph_continues_the_statement_before_it():
    text = '"It is rising," Paul Grant said.\n\n"We have boats on every street."\n\nIt rained.'
    a = one(text)
    assert "boats on every street" in a.content and "rained" not in a.content


def test_claims_is_a_cue_unless_a_noun():
    a = one("The lawsuit claims the mayor hid the inspection reports.")
    assert (a.speaker, a.cue, a.content) == (
        "The lawsuit",
        "claims",
        "the mayor hid the inspection reports",
    )
    assert extract_attributions("The council rejected Lee's claims about the levee.") == []


def test_coordinated_verbs_split_or_join_statements():
    found = extract_attributions("The union said the vote was fair and warned that it would act.")
    assert [(a.cue, a.content) for a in found] == [
        ("said", "the vote was fair"),
        ("warned", "it would act"),
    ]
    a = one("The actress said she was tired of it all and wanted a new candidate.")
    assert a.content == "she was tired of it all and wanted a new candidate"
    b = one("The mayor says she met the union and asked it to wait.")
    assert b.content == "she met the union and asked it to wait"


def test_curly_quotation_marks_typed_the_wrong_way_round():
    a = one("“It is late,“ said Ann Lee, a farmer.")
    assert (a.speaker_name, a.content) == ("Ann Lee", "It is late")


def test_a_name_with_its_place_after_a_description():
    a = one("One pastor backing Lee, Tom Ruiz of Liberty Church in Porto, said he made calls.")
    assert a.speaker_name == "Tom Ruiz" and a.content == "he made calls"


def test_an_adjunct_then_that_after_the_cue_opens_the_statement():
    a = one("Lee gave $500 that year, but the club reported to the state that his pay was $9,000.")
    assert (a.speaker, a.content) == ("the club", "his pay was $9,000")
    b = one("Prices rose, yet the officials insisted on Friday that the plan was working.")
    assert b.content == "the plan was working"


def test_a_speaker_in_a_subordinate_clause_says_what_follows():
    a = one("It has been two months since the council confirmed a new judge.")
    assert (a.speaker, a.content) == ("the council", "a new judge")
    found = extract_attributions("The mayor looked calm, but two reports suggest that's untrue.")
    assert [(a.speaker, a.content) for a in found] == [("two reports", "that's untrue")]


def test_a_place_inside_a_relative_clause_is_no_speaker():
    a = one("Ann Lee, who lost her barn near Dover, Delaware, in 2012, said the levee failed.")
    assert (a.speaker, a.content) == ("Ann Lee", "the levee failed")


def test_a_day_and_a_place_after_the_cue_are_circumstances():
    a = one("The levy is a disgrace, Ruth Okafor said Tuesday in Porto.")
    assert a.content == "The levy is a disgrace"


def test_a_participle_or_a_quoted_title_sets_the_scene():
    a = one('Walking into the hall to chants of "Lee! Lee!," the mayor said the race was close.')
    assert a.content == "the race was close"
    b = one('In her 2002 book, "Saving Early," Ruth Okafor suggested cutting card spending.')
    assert b.content == "cutting card spending"


def test_no_ends_a_sentence_and_an_answer_is_a_statement():
    found = extract_attributions("Asked about it, the mayor said no. But she said it was dead.")
    assert [(a.speaker, a.content) for a in found] == [
        ("the mayor", "no"),
        ("she", "it was dead"),
    ]
    assert len(extract_attributions("The ferry is No. 4 on the list, the captain said.")) == 1


def test_more_likely_to_say_reports_a_poll():
    a = one("Farmers were more likely to say the levee should be rebuilt.")
    assert (a.speaker, a.content) == ("Farmers", "the levee should be rebuilt")
    assert extract_attributions("The mayor is likely to say the budget is balanced.") == []


def test_more_prepositions_open_a_scene():
    a = one("Across the valley, the growers confirmed the harvest was late.")
    assert (a.speaker, a.content) == ("the growers", "the harvest was late")
    b = one("Sunday morning, the mayor slammed the plan and said it was a waste.")
    assert (b.speaker, b.content) == ("the mayor", "it was a waste")


def test_beyond_opens_a_scene():
    found = extract_attributions(
        "Beyond the video, the affidavit cited two witnesses and said that the guard was hurt."
    )
    assert [(a.speaker, a.cue) for a in found] == [
        ("the affidavit", "cited"),
        ("the affidavit", "said"),
    ]


def test_an_adverb_before_a_participle_of_saying():
    a = one("The mayor questioned the plan, falsely suggesting that the levee was never built.")
    assert (a.speaker, a.cue, a.content) == (
        "The mayor",
        "suggesting",
        "that the levee was never built",
    )


def test_a_participle_coordinated_with_and():
    a = one("The mayor dismissed the plan, calling it reckless and saying she wants it dropped.")
    assert (a.speaker, a.cue, a.content) == ("The mayor", "saying", "she wants it dropped")


def test_a_dash_ends_the_subject_of_an_absolute_participle():
    a = one("The mayor waved off the deal with the union — saying the city could not pay.")
    assert (a.speaker, a.cue) == ("The mayor", "saying")


def test_adverbs_and_times_end_the_subject_of_a_participle():
    a = one("The union on Monday also doubled down on its demands, saying the pay was too low.")
    assert (a.speaker, a.content) == ("The union", "the pay was too low")


def test_a_verb_after_a_determiner_or_possessive_is_a_noun():
    assert extract_attributions("The council rejected all of its demands on Monday.") == []
    assert one("He's said the levee will hold.").cue == "said"


def test_shortly_after_opens_a_scene():
    a = one("Shortly after the call ended, the union sent a note saying the strike was over.")
    assert (a.speaker, a.content) == ("the union", "the strike was over")


def test_a_name_set_off_after_the_subject_of_a_participle():
    a = one("The other candidate, former Gov. Ann Lee, drew a contrast, saying the levy was bad.")
    assert a.speaker_name == "Ann Lee" and a.content == "the levy was bad"


def test_a_cue_with_a_colon_takes_the_next_paragraph():
    a = one("Rain fell all week.\nThe mayor added:\nThe levee held. The river fell.\nIt was May.")
    assert a.content == "The levee held The river fell"


def test_a_new_clause_after_a_dash_or_there_ends_the_statement():
    a = one("The growers said the levee would hold — but they moved their cattle anyway.")
    assert a.content == "the levee would hold"
    b = one("The union said it backed the deal, but there is anger among its members.")
    assert b.content == "it backed the deal"
    c = one("The growers said the timing was not planned; they learned of it on Friday.")
    assert c.content == "the timing was not planned"
    d = one("Ruth Okafor has said the levy is fair — while her aides have called it a tax.")
    assert d.content == "the levy is fair"


def test_a_participle_ends_where_a_later_coordinated_cue_begins():
    found = extract_attributions(
        "The mayor celebrated with her staff, declaring it a great night and said it was a mandate."
    )
    assert [(a.cue, a.content) for a in found] == [
        ("said", "it was a mandate"),
        ("declaring", "it a great night"),
    ]


def test_a_contrasting_share_ends_a_poll_statement():
    a = one("About half of the growers say they want a new levee, while about 4 in 10 want none.")
    assert a.content == "they want a new levee"


def test_anonymity_terms_and_short_statements_before_an_aside():
    a = one("A person close to the mayor confirmed the meeting on the condition of anonymity.")
    assert a.content == "the meeting"
    b = one("The union said it agreed, but it wants more talks.")
    assert b.content == "it agreed"


def test_a_statement_inside_a_pair_of_dashes_ends_at_the_closing_dash():
    found = extract_attributions(
        "Young aides grow wary - some staffers said they avoid the hall - and keep notes."
    )
    assert [(a.speaker, a.content) for a in found] == [
        ("some staffers", "they avoid the hall"),
    ]


def test_base_forms_ask_and_warn_after_a_plural_subject():
    a = one("The new ads ask the candidates to back clean energy jobs.")
    assert (a.speaker, a.cue) == ("The new ads", "ask")
    assert extract_attributions("The ask was too big for the council.") == []


def test_a_statement_released_before_a_colon():
    text = 'Later, the senator released the following statement:\n"We mourn a friend."\nIt rained.'
    a = one(text)
    assert (a.speaker, a.content) == ("the senator", "We mourn a friend")


def test_thats_according_to_a_source():
    a = one("That’s according to early results of a county survey.")
    assert (a.speaker, a.cue) == ("early results of a county survey", "according to")


def test_a_statement_inside_a_that_clause_belongs_to_the_outer_one():
    a = one("Ruth Okafor noted that engineers say the levee will hold.")
    assert (a.speaker, a.content) == ("Ruth Okafor", "engineers say the levee will hold")
    b = one("Ruth Okafor said the council backed a plan which critics say is too costly.")
    assert b.speaker == "Ruth Okafor"
    d = one("Ruth Okafor said she left because engineers warned the levee would fail.")
    assert d.speaker == "Ruth Okafor"
    c = one("Ruth Okafor said Paul Grant has not replied to her letters.")
    assert (c.speaker, c.content) == ("Ruth Okafor", "Paul Grant has not replied to her letters")


def test_a_clause_with_said_is_no_speaker():
    a = one("Ruth Okafor said the mayor has not replied to her letters.")
    assert a.speaker == "Ruth Okafor"


def test_a_state_and_a_time_after_a_place_belong_to_the_opening():
    a = one(
        "At a rally in Dover, Del., on Tuesday, Senator Paul Grant endorsed Lee, saying she "
        "would make a fine mayor."
    )
    assert a.speaker == "Senator Paul Grant"


def test_a_quotation_paragraph_with_a_stray_mark_continues_the_statement():
    text = '"He is tall," Paul Grant said.\n\n"He is 6’2” and proud of it."\n\nIt rained.'
    assert "proud of it" in one(text).content


def test_a_quotation_after_an_inverted_speaker_with_a_comma_or_colon():
    a = one('In other words, asked the moderator Ann Lee: "Who pays for the levee?"')
    assert a.content == 'In other words "Who pays for the levee?"'
    b = one('Because of the rain, explained Paul Grant, "the harvest will be late."')
    assert b.content == 'Because of the rain "the harvest will be late."'


def test_a_role_with_lower_case_modifiers_after_a_name():
    a = one('Ann Porter, communications director for the Lee campaign, said: "We will win."')
    assert (a.speaker, a.content) == ("Ann Porter", "We will win")
    b = one("Tom Ruiz, deputy campaign manager, said the count was fair.")
    assert (b.speaker, b.content) == ("Tom Ruiz", "the count was fair")


def test_a_dateline_with_a_state_and_a_date_opens_the_sentence():
    a = one('DOVER, Del., Oct. 4 (UPI) — Governor Tom Ruiz criticized the levy as "unfair."')
    assert (a.speaker, a.cue) == ("Governor Tom Ruiz", "criticized")
    b = one("DOVER, Del. (Reuters) - Mayor Ann Lee met farmers and said the town must act.")
    assert (b.speaker, b.content) == ("Mayor Ann Lee", "the town must act")


def test_the_object_of_an_act_verb_ends_before_a_participle_or_a_relative_clause():
    a = one("Farm groups have long called for a new dam, believing the old one leaks.")
    assert (a.cue, a.content) == ("have long called for", "a new dam")
    b = one("Paul Grant criticized the budget office, which he once led, for its delays.")
    assert b.content == "the budget office, which he once led, for its delays"
    c = one("Ann Lee criticized the levy, including its exemptions for large farms.")
    assert c.content == "the levy, including its exemptions for large farms"


def test_an_act_of_speech_after_and_ends_the_statement_before_it():
    said, urged = extract_attributions(
        "The council spokesman Tom Ruiz on Monday said the levee was safe, and urged residents "
        "to stay calm."
    )
    assert (said.speaker, said.content) == ("The council spokesman Tom Ruiz", "the levee was safe")
    assert (urged.speaker, urged.cue) == ("The council spokesman Tom Ruiz", "urged")
    assert one("Ann Lee said she was tired and wanted a change.").content == (
        "she was tired and wanted a change"
    )


def test_a_question_before_asked_and_its_listener():
    a = one('"Have you seen the new pump?" Paul Grant asked the mayor.')
    assert (a.speaker, a.content) == ("Paul Grant", "Have you seen the new pump?")
    b = one('"Is it late?" Paul Grant asked reporters rhetorically during a rally.')
    assert b.content == "Is it late?"
    c = one('"Is it late?" Paul Grant asked him why the hall was empty.')
    assert c.content == "him why the hall was empty"


def test_headlines_with_the_speaker_after_the_statement_or_after_a_dash():
    text = "Levee Was Never Inspected, Former Town Engineer Says.\n\nThe town met on Monday."
    a = one(text)
    assert (a.speaker, a.content) == ("Former Town Engineer", "Levee Was Never Inspected")
    b = one("Old Pump Found In River — Some Say It Was Dumped.\n\nIt rained.")
    assert (b.speaker, b.content) == ("Some", "It Was Dumped")


def test_allies_and_opponents_head_a_speaker():
    a = one("Some of the mayor's old allies said the levy was a mistake.")
    assert a.speaker == "Some of the mayor's old allies"
    b = one('"He is sincere," said the mayor\'s ally Tom Ruiz.')
    assert b.speaker == "the mayor's ally Tom Ruiz"


def test_a_statement_issued_with_a_comma_before_its_quotation():
    text = 'It rained.\n\nAfter the storm, Ann Lee issued a statement, "We will rebuild the levee."'
    a = one(text)
    assert (a.speaker, a.cue) == ("Ann Lee", "issued a statement")
    assert a.content == "We will rebuild the levee"


def test_made_no_mention_of():
    a = one("Paul Grant notably made no mention of Ann Lee, who runs the mill.")
    assert (a.cue, a.content) == ("notably made no mention of", "Ann Lee")


def test_a_statement_ends_after_its_quotation_before_but_and_a_new_clause():
    said, later = extract_attributions(
        'Paul Grant said the mayor was "a decent sort," but he said the levy must go.'
    )
    assert said.content == 'the mayor was "a decent sort,"'
    assert later.content == "the levy must go"
    saying, suggesting = extract_attributions(
        'The union hit back, saying the plan looks "fine in theory" but suggesting it will fail.'
    )
    assert saying.content == 'the plan looks "fine in theory"'
    assert (suggesting.cue, suggesting.content) == ("suggesting", "it will fail")


def test_shares_of_a_poll_or_a_count_end_a_statement():
    assert one(
        "In the survey, 58 percent of farmers said yes, compared with 31 percent."
    ).content == ("yes")
    a = one("So far 210 growers have said they back Lee, 64 have said they back Grant.")
    assert a.content == "they back Lee"


def test_and_inside_the_complement_of_a_speaker_noun():
    a = one("Experts on farming and water policy said the levee could fail.")
    assert a.speaker == "Experts on farming and water policy"


def test_three_apostrophes_close_a_quotation_inside_one():
    text = "''It is what I call a 'fair deal,''' said Mr. Paul Grant, who knows the mayor."
    a = one(text)
    assert (a.speaker, a.content) == ("Mr. Paul Grant", "'It is what I call a 'fair deal,'")


def test_an_inverted_speaker_with_an_abbreviation_or_an_initial():
    assert one('"It is late," said Mr. Okafor, who runs a dairy.').speaker == "Mr. Okafor"
    assert one('"It is late," said Ann W. Lee.').speaker == "Ann W. Lee"


def test_a_statement_in_an_opening_subordinate_clause_ends_at_its_comma():
    a = one("When Ann Lee said the levee was safe, the crowd cheered for an hour.")
    assert (a.speaker, a.content) == ("Ann Lee", "the levee was safe")
    b = one('As Ann Lee said last week in Porto, "the levee is our future."')
    assert b.content == 'last week in Porto, "the levee is our future."'


def test_a_closing_attribution_that_repeats_the_speaker_is_dropped():
    a = one("Tom Ruiz said that the council will vote on the levee in June, he said.")
    assert (a.speaker, a.content) == ("Tom Ruiz", "the council will vote on the levee in June")
    # In the middle of the sentence it is a statement of its own.
    found = extract_attributions(
        "Tom Ruiz said the flood came early, which, Ruiz noted, the mayor had predicted."
    )
    assert [f.cue for f in found] == ["said", "noted"]


def test_a_statement_in_a_where_or_when_clause_stays_inside_the_outer_one():
    a = one("Ann Lee praised the crews at a meeting where she said the levee is safe.")
    assert (a.speaker, a.cue) == ("Ann Lee", "praised")
    b = one("Ann Lee said the crowd cheered when the mayor said the levee was safe.")
    assert b.content == "the crowd cheered when the mayor said the levee was safe"


def test_a_clause_after_a_mid_sentence_according_to_continues_the_statement():
    a = one("The mill closed early because, according to Grant, the river would have flooded it.")
    assert a.content.endswith("the river would have flooded it")


def test_a_clause_before_told_and_a_listener_is_the_statement():
    a = one("The levee comes first, Mayor Lee told her aides as she wrote the speech.")
    assert (a.speaker, a.content) == ("Mayor Lee", "The levee comes first")
    b = one("Mayor Lee told a crowd in Dover that the levee would hold.")
    assert b.content == "the levee would hold"


def test_adding_an_approximate_amount_is_no_statement():
    assert extract_attributions("The county added around 300 farm jobs last spring.") == []
    assert extract_attributions("The plant is adding roughly 40 workers a week.") == []


def test_so_called_and_helps_explain_are_no_cues():
    assert extract_attributions("The so-called river tax was dropped in May.") == []
    assert extract_attributions("A so- called fixer, he never lost a vote.") == []
    assert extract_attributions("The drought helps explain why the wells are dry.") == []


def test_called_off_and_all_told_are_no_cues():
    assert extract_attributions("All told, about 900 homes lost power.") == []
    assert extract_attributions("Two farms have called off their sales.") == []


def test_calling_a_meeting_is_no_statement():
    assert extract_attributions("The council called a special session on the levee.") == []
    assert one('The mayor called the plan "a disaster."').cue == "called"


def test_and_before_a_new_speaker_ends_a_statement():
    asked, said = extract_attributions(
        "A farmer asked for a map and Ann Lee said the road was closed."
    )
    assert (asked.content, said.speaker) == ("for a map", "Ann Lee")


def test_a_clause_of_the_reporter_after_a_split_attribution_is_no_continuation():
    a = one('"Wait here," Ann Lee said, and the farmers, tired, sat down by the road.')
    assert a.content == "Wait here"
    b = one('Okafor "won the vote," Paul Grant said, and still "has to face the council."')
    assert b.content.endswith('"has to face the council."')


def test_an_asked_opening_is_no_part_of_the_statement():
    a = one('Asked whether she would close the bridge, Ann Lee said, "Not this year."')
    assert a.content == "Not this year"


def test_a_sentence_ending_in_a_quotation_continues_a_quoted_statement():
    text = (
        '"The pump is working," said Paul Grant, an engineer. If the rain stops, "the fields '
        'will dry by May."'
    )
    assert one(text).content.endswith('"the fields will dry by May."')
    plain = 'Paul Grant said the levee is old. Unless others act, "it will fail."'
    assert one(plain).content == "the levee is old"


def test_as_and_a_pronoun_after_a_closing_quotation_end_the_statement():
    a = one('Ann Lee says she is "happy with the harvest" as she faces a hard vote in Dover.')
    assert a.content == 'she is "happy with the harvest"'


def test_a_clause_with_a_past_verb_after_a_mid_sentence_according_to():
    a = one("Shortly before the storm, according to a council log, the crews left the levee.")
    assert (a.speaker, a.content) == (
        "a council log",
        "Shortly before the storm the crews left the levee",
    )


def test_a_described_speaker_right_after_a_closing_quotation():
    a = one('"The pump is loud," the visiting beekeeper told reporters in Porto.')
    assert (a.speaker, a.content) == ("the visiting beekeeper", "The pump is loud")
    b = one('"Keep out of the field!" the painted sign says.')
    assert b.speaker == "the painted sign"


def test_a_described_speaker_after_an_inverted_cue():
    a = one('"The pump is loud," said the visiting beekeeper, who lives by the river.')
    assert (a.speaker, a.content) == ("the visiting beekeeper", "The pump is loud")
    assert extract_attributions("The levee held, said the estimated report is wrong.") == []


def test_asked_by_an_agent_without_a_form_of_be():
    found = extract_attributions(
        'Asked by Paul Grant whether she would close the bridge, Ann Lee said, "Not yet."'
    )
    assert [(a.speaker, a.content) for a in found] == [
        ("Ann Lee", "Not yet"),
        ("Paul Grant", "whether she would close the bridge"),
    ]


def test_someone_is_a_speaker():
    a = one("Then someone asked when the old bridge would reopen.")
    assert (a.speaker, a.content) == ("someone", "when the old bridge would reopen")


def test_initials_run_together_do_not_end_a_sentence():
    text = '"The levee is safe," said Mr. Okafor, who runs T.R. Okafor, a dairy. "It will hold."'
    assert one(text).content == '"The levee is safe," "It will hold."'
    assert one('"It is late," said P.K. Osei, a fellow.').speaker == "P.K. Osei, a fellow"


def test_a_noun_of_saying_after_a_name_s_possessive():
    a = one("Engineers disputed Ann Lee's claim that the river had never flooded.")
    assert (a.speaker, a.cue, a.content) == ("Ann Lee", "claim", "the river had never flooded")
    found = extract_attributions(
        "Grant mocked Ann Lee's claim that the river had dried up, saying the wells were full."
    )
    assert [(f.speaker, f.cue) for f in found][-1] == ("Grant", "saying")


def test_a_noun_of_saying_with_a_time_before_that():
    a = one("Ann Lee's argument on Friday was that the levy is unfair.")
    assert (a.speaker, a.content) == ("Ann Lee", "the levy is unfair")


def test_an_announcement_of_after_a_possessive():
    a = one("The council welcomed Mayor Lee's announcement of a new pump, which will cost more.")
    assert (a.speaker, a.cue, a.content) == ("Mayor Lee", "announcement of", "a new pump")


def test_comments_on_after_a_possessive():
    a = one("Ann Lee's comments Friday on the new pump drew praise.")
    assert (a.speaker, a.content) == ("Ann Lee", "the new pump")


def test_nobody_is_no_speaker():
    assert extract_attributions("Nobody asked about the pump, so the engineer left early.") == []
    assert extract_attributions("No one said the vote was fair.") == []
