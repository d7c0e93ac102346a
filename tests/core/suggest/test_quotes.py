"""The quote recommender: quote marks, kinds, cues, speakers, offsets (a dev set written for these tests; the
held-out evaluation set is bench/data/quotes_eval.jsonl and is not used to tune the rules)."""

from __future__ import annotations

import pytest

from annotator.core.labels import LINK_KINDS
from annotator.core.sources import SPECIAL_SOURCES
from annotator.core.suggest.base import KnownSpan, ParagraphContext, Proposal, SpanRef
from annotator.core.suggest.cue_lexicon import LexiconError, detect_lang
from annotator.core.suggest.quote_marks import find_quotes
from annotator.core.suggest.quotes import SCORES, QuoteRecommender
from annotator.core.suggest.registry import RECOMMENDERS

Article = list[list[Proposal]]


def run(paragraphs: list[str], lang: str | None = None, known: tuple[KnownSpan, ...] = (),
        rec: QuoteRecommender | None = None, boilerplate: frozenset[int] = frozenset()) -> Article:
    rec = rec or QuoteRecommender()
    paras = tuple(paragraphs)
    out = [rec.suggest(ParagraphContext(paras, i, lang, known, boilerplate=boilerplate)) for i in range(len(paras))]
    _check_invariants(paras, out, known)
    return out


def _check_invariants(paras: tuple[str, ...], out: Article, known: tuple[KnownSpan, ...]) -> None:
    proposed = {(i, p.start, p.end, p.label) for i, props in enumerate(out) for p in props}
    existing = {(k.paragraph, k.start, k.end, k.label) for k in known}
    for i, props in enumerate(out):
        text = paras[i]
        for p in props:
            assert 0 <= p.start < p.end <= len(text)
            span = text[p.start:p.end]
            assert span == span.strip(), span
            assert p.recommender == "quotes" and 0 < p.score <= 1
            if p.label == "QUOTE":
                assert p.attrs["kind"] in ("direct", "indirect", "mixed")
                assert [link.kind for link in p.links].count("speaker") == 1
            for link in p.links:
                assert link.kind in LINK_KINDS
                if link.target is None:
                    assert link.special in SPECIAL_SOURCES
                    continue
                t = link.target
                assert t.paragraph <= i, "links point to this paragraph or an earlier one"
                assert (t.paragraph, t.start, t.end, t.label) in proposed | existing


def find(props: list[Proposal], text: str, span: str, label: str = "QUOTE") -> Proposal:
    hits = [p for p in props if p.label == label and text[p.start:p.end] == span]
    assert hits, f"no {label} {span!r} in {[(p.label, text[p.start:p.end]) for p in props]}"
    return hits[0]


def quotes(props: list[Proposal], text: str) -> list[str]:
    return [text[p.start:p.end] for p in sorted(props, key=lambda p: p.start) if p.label == "QUOTE"]


def speaker(paras: list[str], p: Proposal) -> str | None:
    """The speaker's text, or the special source's name."""
    link = next(lk for lk in p.links if lk.kind == "speaker")
    if link.target is None:
        return link.special
    t = link.target
    return paras[t.paragraph][t.start:t.end]


def cue(paras: list[str], p: Proposal) -> str | None:
    link = next((lk for lk in p.links if lk.kind == "cue"), None)
    if link is None or link.target is None:
        return None
    t = link.target
    return paras[t.paragraph][t.start:t.end]


# --- quote marks --------------------------------------------------------------------------------------------

def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    text = "“Mereka bilang ‘tunggu saja’, lalu menghilang,” kata Rina Marlina."
    qs, carry = find_quotes(text)
    assert carry is None
    assert [text[q.start:q.end] for q in qs] == ["Mereka bilang ‘tunggu saja’, lalu menghilang"]


@pytest.mark.parametrize("text", [
    "Pasar dibuka kembali pada Jum'at pagi setelah libur panjang.",
    "I don't think the shop's owner will open on Sunday.",
    "The band played rock 'n' roll until dawn at the club's anniversary.",
    "The band played rock ’n’ roll until dawn; it’s the owner’s idea.",
    'The new tablet has an 11" display and a 5" phone costs less.',
    "Sam O'Neill and Dian D'Souza met the rock 'n' roll crowd.",
])
def test_no_false_quote_from_apostrophes_or_inch_marks(text: str) -> None:
    assert find_quotes(text) == ([], None)
    assert quotes(run([text])[0], text) == []


def test_straight_guillemet_and_low_high_quotes() -> None:
    paras = ['"We will not back down," said Omar Haddad.',
             "«Le marché est fermé», a déclaré the trader, Paul Lefèvre, said Monday.",
             "„Das ist unfair“, said Greta Vogel, a union leader."]
    out = run(paras, "en")
    assert quotes(out[0], paras[0]) == ["We will not back down"]
    assert quotes(out[1], paras[1]) == ["Le marché est fermé"]
    assert quotes(out[2], paras[2]) == ["Das ist unfair"]
    assert speaker(paras, find(out[0], paras[0], "We will not back down")) == "Omar Haddad"
    assert speaker(paras, find(out[2], paras[2], "Das ist unfair")) == "Greta Vogel"


# --- Indonesian ---------------------------------------------------------------------------------------------

ID_ARTICLE = [
    "Menteri Perhubungan Agus Salim Harahap mengatakan bahwa Gubernur Lampung Fajar Nugroho belum menyetujui "
    "kenaikan tarif angkutan.",
    "“Kenaikan ini sudah sesuai aturan. Kami tidak akan mundur,” katanya di Jakarta, Rabu (4/9/2024).",
    "Menurut Agus, pemerintah pusat akan menanggung separuh biaya subsidi tahun ini.",
    "Sejumlah pengemudi ojek menyebut kebijakan itu “terburu-buru” dan meminta penundaan.",
    "Ketua Organda Lampung, Tulus Abadi, mengatakan: “Kami belum diajak bicara sama sekali.",
    "“Kalau tarif naik tanpa perbaikan layanan, penumpang yang dirugikan,” tegas Tulus.",
    "“Kami akan menyurati DPRD pekan depan.”",
    "Ia menambahkan, organisasinya akan menggelar rapat anggota pada Jum'at malam.",
]


def test_indonesian_article() -> None:
    paras = ID_ARTICLE
    out = run(paras, "id")
    q0 = find(out[0], paras[0], "Gubernur Lampung Fajar Nugroho belum menyetujui kenaikan tarif angkutan")
    assert q0.attrs["kind"] == "indirect" and q0.score == SCORES["indirect_that"]
    assert speaker(paras, q0) == "Agus Salim Harahap" and cue(paras, q0) == "mengatakan"
    find(out[0], paras[0], "Agus Salim Harahap", "PERSON")
    find(out[0], paras[0], "mengatakan", "CUE")
    # a pronoun cue: the subject of the last cue (Agus), not the nearest name (Fajar Nugroho)
    q1 = find(out[1], paras[1], "Kenaikan ini sudah sesuai aturan. Kami tidak akan mundur")
    assert q1.attrs["kind"] == "direct" and speaker(paras, q1) == "Agus Salim Harahap"
    assert cue(paras, q1) == "katanya" and q1.score == SCORES["direct_cue"]
    q2 = find(out[2], paras[2], "pemerintah pusat akan menanggung separuh biaya subsidi tahun ini")
    assert q2.attrs["kind"] == "indirect" and speaker(paras, q2) == "Agus" and cue(paras, q2) == "Menurut"
    q3 = find(out[3], paras[3], "terburu-buru")
    assert q3.attrs["kind"] == "mixed" and speaker(paras, q3) == "unnamed" and cue(paras, q3) == "menyebut"
    # cue before the quote; the quote runs on into the next paragraph, whose cue names the speaker again
    q4 = find(out[4], paras[4], "Kami belum diajak bicara sama sekali.")
    q5 = find(out[5], paras[5], "Kalau tarif naik tanpa perbaikan layanan, penumpang yang dirugikan")
    assert q4.attrs["kind"] == q5.attrs["kind"] == "direct"
    assert speaker(paras, q4) == speaker(paras, q5) == "Tulus Abadi"
    assert cue(paras, q4) == "mengatakan" and cue(paras, q5) == "tegas"
    # a quote paragraph with no cue right after a quote: the same speaker
    q6 = find(out[6], paras[6], "Kami akan menyurati DPRD pekan depan.")
    assert speaker(paras, q6) == "Tulus Abadi" and q6.score == SCORES["direct_continued"]
    q7 = find(out[7], paras[7], "organisasinya akan menggelar rapat anggota pada Jum'at malam")
    assert speaker(paras, q7) == "Tulus Abadi" and q7.attrs["kind"] == "indirect"
    assert len(quotes(out[7], paras[7])) == 1


def test_indonesian_multi_paragraph_quote_with_cue_in_the_last_part() -> None:
    paras = ["Juru bicara Bawaslu, Rahmat Bagja, menjelaskan bahwa laporan itu sudah diterima.",
             "“Kami memeriksa semua bukti. Tidak ada yang kami abaikan.",
             "“Hasilnya kami umumkan pekan depan,” ujar Rahmat."]
    out = run(paras, "id")
    a = find(out[1], paras[1], "Kami memeriksa semua bukti. Tidak ada yang kami abaikan.")
    b = find(out[2], paras[2], "Hasilnya kami umumkan pekan depan")
    la = next(lk for lk in a.links if lk.kind == "speaker")
    lb = next(lk for lk in b.links if lk.kind == "speaker")
    assert la.target == lb.target and speaker(paras, a) == "Rahmat Bagja"
    assert cue(paras, b) == "ujar"


def test_group_and_unnamed_sources() -> None:
    paras = ["Para analis menilai bahwa rupiah masih akan tertekan hingga akhir tahun.",
             "“Tekanan global belum reda,” ujar seorang pedagang valuta asing.",
             "“Semua orang menunggu keputusan bank sentral.”"]
    out = run(paras, "id")
    assert speaker(paras, find(out[0], paras[0], "rupiah masih akan tertekan hingga akhir tahun")) == "unnamed"
    assert speaker(paras, find(out[1], paras[1], "Tekanan global belum reda")) == "unnamed"
    assert speaker(paras, find(out[2], paras[2], "Semua orang menunggu keputusan bank sentral.")) == "unnamed"


# --- English ------------------------------------------------------------------------------------------------

EN_ARTICLE = [
    "LONDON (AP) - Health Minister Clara Benson said on Monday that the hospital strike led by nurse Tom Ashworth "
    "had cost the service millions.",
    "“We cannot keep paying for this,” she said. “Patients are the ones who suffer.”",
    "Ashworth, who has led the union since 2019, told reporters the strike would continue until pay rose.",
    "\"Nobody wants this. We have been pushed into it,\" said Ashworth.",
    "According to hospital managers, more than 3,000 operations were postponed last week.",
    "Analysts say the dispute could last into the spring.",
    "Opposition leaders called the government's offer \"an insult\" and demanded new talks.",
    "The minister's plan is \"fair and final\", a spokesperson for the ministry said.",
]


def test_english_article() -> None:
    paras = EN_ARTICLE
    out = run(paras, "en")
    q0 = find(out[0], paras[0], "the hospital strike led by nurse Tom Ashworth had cost the service millions")
    assert speaker(paras, q0) == "Clara Benson" and cue(paras, q0) == "said"
    # "she said": Benson, the subject of the last cue, not Ashworth, the nearest name
    q1 = find(out[1], paras[1], "We cannot keep paying for this")
    assert speaker(paras, q1) == "Clara Benson" and q1.attrs["kind"] == "direct"
    q1b = find(out[1], paras[1], "Patients are the ones who suffer.")
    assert speaker(paras, q1b) == "Clara Benson" and cue(paras, q1b) is None
    q2 = find(out[2], paras[2], "the strike would continue until pay rose")
    assert speaker(paras, q2) == "Ashworth" and cue(paras, q2) == "told"
    q3 = find(out[3], paras[3], "Nobody wants this. We have been pushed into it")
    assert speaker(paras, q3) == "Ashworth" and cue(paras, q3) == "said"
    q4 = find(out[4], paras[4], "more than 3,000 operations were postponed last week")
    assert speaker(paras, q4) == "unnamed" and cue(paras, q4) == "According to"
    assert speaker(paras, find(out[5], paras[5], "the dispute could last into the spring")) == "unnamed"
    q6 = find(out[6], paras[6], "an insult")
    assert q6.attrs["kind"] == "mixed" and speaker(paras, q6) == "unnamed"
    q7 = find(out[7], paras[7], "fair and final")
    assert q7.attrs["kind"] == "mixed" and cue(paras, q7) == "said"


def test_english_straight_quote_over_paragraphs_and_cue_before() -> None:
    paras = ["Coach Maria Lopez told the team on Friday: \"We trained for this. We are ready.",
             "\"Now we have to prove it,\" she said.",
             "Her captain, Dana Whitaker, said the squad had never been fitter."]
    out = run(paras, "en")
    a = find(out[0], paras[0], "We trained for this. We are ready.")
    b = find(out[1], paras[1], "Now we have to prove it")
    assert speaker(paras, a) == speaker(paras, b) == "Maria Lopez"
    assert cue(paras, a) == "told"
    c = find(out[2], paras[2], "the squad had never been fitter")
    assert speaker(paras, c) == "Dana Whitaker"


def test_mixed_quote_ending_inside_the_sentence_is_mixed() -> None:
    paras = ["Anggota DPR Fitri Handayani menyebut rencana itu “terburu-buru” dan meminta kajian ulang."]
    out = run(paras, "id")
    q = find(out[0], paras[0], "terburu-buru")
    assert q.attrs["kind"] == "mixed" and speaker(paras, q) == "Fitri Handayani"


# --- offsets: emoji and CRLF before the spans ---------------------------------------------------------------

def test_offsets_with_emoji_and_crlf() -> None:
    paras = ["Warga 👍🏽 bersorak 🇮🇩.\r\nWali Kota Surya Pratama 👨‍👩‍👧 mengatakan bahwa taman baru dibuka besok pagi.",
             "🇮🇩👍🏽\r\n“Semua warga boleh datang 👨‍👩‍👧,” katanya."]
    out = run(paras)  # the language detected: Indonesian
    q0 = find(out[0], paras[0], "taman baru dibuka besok pagi")
    assert speaker(paras, q0) == "Surya Pratama"
    find(out[0], paras[0], "Surya Pratama", "PERSON")
    find(out[0], paras[0], "mengatakan", "CUE")
    q1 = find(out[1], paras[1], "Semua warga boleh datang 👨‍👩‍👧")
    assert speaker(paras, q1) == "Surya Pratama" and cue(paras, q1) == "katanya"
    paras = ["Fans 👍🏽 cheered 👨‍👩‍👧 at the park.\r\nCoach Ben Ito said: \"The kids 🇮🇩 earned this.\"",
             "🇮🇩\r\n\"It is their day 👍🏽,\" he said."]
    out = run(paras)
    q2 = find(out[0], paras[0], "The kids 🇮🇩 earned this.")
    assert speaker(paras, q2) == "Ben Ito" and cue(paras, q2) == "said"
    find(out[0], paras[0], "Ben Ito", "PERSON")
    q3 = find(out[1], paras[1], "It is their day 👍🏽")
    assert speaker(paras, q3) == "Ben Ito" and cue(paras, q3) == "said"


# --- knowledge, lexicon, language, registry -----------------------------------------------------------------

def test_existing_mentions_and_quotes_are_used() -> None:
    paras = ["Menteri Budi Santoso mengatakan bahwa stok beras aman sampai akhir tahun.",
             "Dewi Lestari membantah kabar itu.",
             "“Gudang kami penuh,” katanya."]
    person = KnownSpan(0, 8, 20, "PERSON", "Budi Santoso", "manual")
    dewi = KnownSpan(1, 0, 12, "PERSON", "Dewi Lestari", "manual")
    # the annotator marked a quote in paragraph 1 with Dewi as speaker: "katanya" now resolves to her
    quote = KnownSpan(1, 13, 32, "QUOTE", "membantah kabar itu", "manual", speaker=SpanRef(1, 0, 12, "PERSON"))
    out = run(paras, "id", known=(person, dewi, quote))
    q0 = find(out[0], paras[0], "stok beras aman sampai akhir tahun")
    link = next(lk for lk in q0.links if lk.kind == "speaker")
    assert link.target == SpanRef(0, 8, 20, "PERSON")
    assert not [p for p in out[0] if p.label == "PERSON"], "no second proposal over an existing mention"
    assert speaker(paras, find(out[2], paras[2], "Gudang kami penuh")) == "Dewi Lestari"


def test_lexicon_override() -> None:
    paras = ["“Harga cabai turun,” cetus Yanti Rahayu."]
    assert speaker(paras, find(run(paras, "id")[0], paras[0], "Harga cabai turun")) == "unnamed"
    rec = QuoteRecommender({"extend": True, "id": {"inverted": ["cetus"]}})
    q = find(run(paras, "id", rec=rec)[0], paras[0], "Harga cabai turun")
    assert speaker(paras, q) == "Yanti Rahayu" and cue(paras, q) == "cetus"
    # replacing a list
    only = QuoteRecommender({"en": {"reporting": ["quipped"]}})
    paras = ["\"Not today,\" said Ann Lee. \"Maybe tomorrow,\" quipped Bo Chen."]
    out = run(paras, "en", rec=only)
    assert cue(paras, find(out[0], paras[0], "Maybe tomorrow")) == "quipped"
    assert cue(paras, find(out[0], paras[0], "Not today")) is None
    with pytest.raises(LexiconError):
        QuoteRecommender({"id": {"nonsense": ["x"]}})
    with pytest.raises(LexiconError):
        QuoteRecommender({"id": {"reporting": "kata"}})


def test_language_detection() -> None:
    assert detect_lang(("Menurut dia, harga beras di pasar itu tidak akan naik.",)) == "id"
    assert detect_lang(("He said that the price of rice in the market would not rise.",)) == "en"
    paras = ["Dia mengatakan bahwa harga beras di pasar itu tidak akan naik dalam waktu dekat."]
    assert quotes(run(paras, None)[0], paras[0]) == ["harga beras di pasar itu tidak akan naik dalam waktu dekat"]


def test_boilerplate_is_not_proposed_into_and_registry() -> None:
    paras = ["“Baca juga: berita lain,” kata redaksi.", "“Ini kutipan,” kata Budi Santoso."]
    out = run(paras, "id", boilerplate=frozenset({0}))
    assert out[0] == []
    assert quotes(out[1], paras[1]) == ["Ini kutipan"]
    assert RECOMMENDERS["quotes"] is QuoteRecommender
    assert QuoteRecommender().name == "quotes"


def test_service_order_and_own_suggestions_do_not_change_proposals() -> None:
    """The service adds each stored proposal to ``known`` (origin "suggested") before the next paragraph: the
    proposals stay those of one analysis of the article, asked in any order."""
    paras = tuple(ID_ARTICLE)
    rec = QuoteRecommender()
    alone = [rec.suggest(ParagraphContext(paras, i, "id")) for i in range(len(paras))]
    rec2 = QuoteRecommender()
    known: list[KnownSpan] = []
    grown = []
    for i in reversed(range(len(paras))):
        props = rec2.suggest(ParagraphContext(paras, i, "id", tuple(known)))
        grown.append(props)
        for p in props:
            spk = next((lk.target for lk in p.links if lk.kind == "speaker"), None)
            known.append(KnownSpan(i, p.start, p.end, p.label, paras[i][p.start:p.end], "suggested", spk))
    assert list(reversed(grown)) == alone
    assert len(rec2._cache) == 1


def test_mixed_quote_with_curly_marks_in_english() -> None:
    paras = ["Senator Ruth Gale called the ruling “a disgrace” on Monday and promised an appeal."]
    q = find(run(paras, "en")[0], paras[0], "a disgrace")
    assert q.attrs["kind"] == "mixed" and speaker(paras, q) == "Ruth Gale" and cue(paras, q) == "called"


def test_more_speaker_shapes() -> None:
    paras = ["“Kami siap,” kata Budi Hartono, “dan kami tidak takut.”",
             "Harga cabai di pasar induk naik tajam, ujar seorang pedagang.",
             "“Ini tidak masuk akal,” ujar Presiden Joko Santoso kepada wartawan di Istana Merdeka, Jakarta."]
    out = run(paras, "id")
    assert speaker(paras, find(out[0], paras[0], "Kami siap")) == "Budi Hartono"
    assert speaker(paras, find(out[0], paras[0], "dan kami tidak takut.")) == "Budi Hartono"
    q = find(out[1], paras[1], "Harga cabai di pasar induk naik tajam")
    assert q.attrs["kind"] == "indirect" and speaker(paras, q) == "unnamed" and cue(paras, q) == "ujar"
    assert speaker(paras, find(out[2], paras[2], "Ini tidak masuk akal")) == "Joko Santoso"  # title kept out
    paras = ["“We're ready,” said Coach Amy Park.",
             "The company said in a statement that it would appeal.",
             "Mr. Smith, the lawyer, told the court that his client was abroad. “He will return,” he said.",
             "‘This is not over,’ said Liz Hart, the union leader."]
    out = run(paras, "en")
    assert speaker(paras, find(out[0], paras[0], "We're ready")) == "Amy Park"
    assert speaker(paras, find(out[1], paras[1], "it would appeal")) == "unnamed"
    assert speaker(paras, find(out[2], paras[2], "his client was abroad")) == "Smith"
    assert speaker(paras, find(out[2], paras[2], "He will return")) == "Smith"
    assert speaker(paras, find(out[3], paras[3], "This is not over")) == "Liz Hart"


def test_titles_places_adverbs_and_directives() -> None:
    paras = ["Delegasi dari Jepang tiba di Bandung pada Senin.",
             "Menteri Luar Negeri Jepang Kenji Sato juga mengatakan pada hari Selasa bahwa kedua negara akan "
             "memperluas kerja sama energi.",
             "Para pejabat Eropa menyebutnya “langkah maju” dalam pertemuan itu.",
             "Pemerintah meminta warga untuk tetap tenang dan tidak panik menghadapi kenaikan harga.",
             "Juru bicara istana, Dewi Anggraini, menyatakan bahwa presiden belum menandatangani aturan yang "
             "menurut banyak pengamat akan menekan harga."]
    out = run(paras, "id")
    q = find(out[1], paras[1], "kedua negara akan memperluas kerja sama energi")
    assert speaker(paras, q) == "Kenji Sato"  # title words, a place ("di Jepang" elsewhere), an adverb, a time
    q = find(out[2], paras[2], "langkah maju")
    assert speaker(paras, q) == "unnamed" and cue(paras, q) == "menyebutnya"
    assert quotes(out[3], paras[3]) == []  # "meminta X untuk ...": no reported speech
    assert quotes(out[4], paras[4]) == ["presiden belum menandatangani aturan yang menurut banyak pengamat akan "
                                        "menekan harga"]
    paras = ["Senator Bill Howe on Wednesday also said that the vote would be delayed.",
             "Officials from the European Union described the plan as “unworkable”.",
             "The mayor urged residents to stay indoors during the storm."]
    out = run(paras, "en")
    assert speaker(paras, find(out[0], paras[0], "the vote would be delayed")) == "Bill Howe"
    assert speaker(paras, find(out[1], paras[1], "unworkable")) == "unnamed"
    assert quotes(out[2], paras[2]) == []
