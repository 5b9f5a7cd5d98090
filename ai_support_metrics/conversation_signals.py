"""Per-turn conversation signals: what each customer message says about the trajectory.

`classify_turns(turns, phrases, rephrase_threshold)` takes the cleaned conversation turns
(int_conversation_turns_kept) and the analyst's phrase seed (conversation_signal_phrases:
signal, phrase) and returns one row per turn with its position in the ticket and, on customer
messages, the booleans is_confirmation, is_confusion, is_human_request and is_rephrase plus
rephrase_similarity. Message bodies never leave this module; only their length does.

Matching works on normalised text (`normalise`): lower case; curly quotes straightened;
contractions expanded ("didn't" -> "did not"); chat shorthand spelled out ("thx" -> "thanks",
"ty" -> "thank you", "pls" -> "please"); emoji kept as their own tokens ("👍"); runs of "??"
kept as the token "??"; every other punctuation mark dropped; one-letter slips in the phrase
words (swapped, missing or doubled letters, "thnaks", "worke") corrected. A phrase matches
when its normalised words appear as consecutive whole words of the message.

Everything is vectorised over the distinct message texts: support conversations repeat
themselves ("ok", "thanks", "agent please"), so each distinct text is normalised, matched
and vectorised once. `classify_turns_in_chunks` runs it on an Arrow table a chunk of whole
tickets at a time, which bounds the memory (normalised texts, rephrasing pairs) on large inputs,
on one thread per CPU.
"""

from __future__ import annotations

import math
import os
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

SIGNALS = ("confirmation", "confusion", "human_request")

# Chat shorthand and apostrophe-less contractions, spelled out word by word.
SHORTHAND = {
    "thx": "thanks", "thanx": "thanks", "thnx": "thanks", "tnx": "thanks", "thks": "thanks",
    "thankyou": "thank you", "ty": "thank you", "tysm": "thank you so much", "tyvm": "thank you very much",
    "pls": "please", "plz": "please", "plse": "please", "u": "you", "ur": "your", "r": "are",
    "im": "i am", "ive": "i have", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "cant": "cannot", "wont": "will not", "isnt": "is not", "wasnt": "was not",
    "havent": "have not", "aint": "is not", "its": "it is", "thats": "that is", "whats": "what is",
    "idk": "i do not know", "wdym": "what do you mean", "tbh": "to be honest", "nvm": "never mind",
    "k": "ok", "kk": "ok", "okay": "ok", "okey": "ok", "np": "no problem", "rn": "right now",
    "ppl": "people", "smth": "something", "sth": "something", "bc": "because", "cuz": "because",
}
# "can not" is spelled "cannot", like "can't".
_CAN_NOT = (r"\bcan not\b", "cannot")
# Contractions with an apostrophe; the irregular ones first.
_CONTRACTIONS = [
    (r"\bcan't\b", "cannot"), (r"\bwon't\b", "will not"), (r"\bain't\b", "is not"),
    (r"n't\b", " not"), (r"'m\b", " am"), (r"'re\b", " are"), (r"'ll\b", " will"),
    (r"'ve\b", " have"), (r"'d\b", " would"),
    (r"\b(it|that|what|there|here|he|she|who|where)'s\b", r"\1 is"), (r"'s\b", ""),
]
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF"
_EMOJI_PATTERN = f"([{_EMOJI}])"
# "??" (or longer) is a token of its own; a private-use character stands in for it meanwhile.
_QUESTION_MARKS = "\ue000"
_NOT_A_TOKEN_CHARACTER = f"[^0-9a-z{_QUESTION_MARKS}{_EMOJI}]+"
# Only words this long get typo correction: shorter ones collide with real words.
_MIN_TYPO_WORD_LENGTH = 5
# A pattern for a signal without phrases: the private-use character never survives normalise.
_NEVER_MATCHES = "\ue001"
# Rephrasing compares a customer message with at most this many earlier customer messages of
# its ticket (bounds the work on very long email threads).
MAX_EARLIER_MESSAGES = 20
DEFAULT_REPHRASE_THRESHOLD = 0.45
# Turns classified at once by classify_turns_in_chunks (all its threads together): about a
# third of a GiB of working memory.
DEFAULT_CHUNK_TURNS = 300_000
# The order of the turns within a ticket (sent_at; turn_id breaks ties).
_TURN_ORDER = ("ticket_id", "sent_at", "turn_id")
_TURN_SORT_KEYS = [(name, "ascending") for name in _TURN_ORDER]


def normalise(texts: pd.Series, typo_map: dict[str, str] | None = None) -> pd.Series:
    """Texts as space-separated canonical words (see the module docstring); '' for missing.
    Runs in Arrow (RE2), one pass per rule over all texts."""
    return pd.Series(spell_out(canonical_words(texts), typo_map).to_numpy(zero_copy_only=False),
                     index=texts.index, dtype=object)


def canonical_words(texts: pd.Series) -> pa.Array:
    """The first steps of normalise, which no phrase seed changes: everything but the
    spelling out of words, so that texts matched against two seeds are read once."""
    text = pc.utf8_lower(pa.array(texts.to_numpy(dtype=object, na_value=""), type=pa.large_string()))
    text = pc.replace_substring_regex(text, "[\u2018\u2019\u02bc`\u00b4]", "'")
    text = pc.replace_substring_regex(text, *_CAN_NOT)
    # The other contractions need an apostrophe, which few texts have: only those are rewritten.
    has_apostrophe = pc.match_substring(text, "'")
    contracted = pc.filter(text, has_apostrophe)
    for pattern, replacement in _CONTRACTIONS:
        contracted = pc.replace_substring_regex(contracted, pattern, replacement)
    text = pc.replace_with_mask(text, has_apostrophe, contracted)
    text = pc.replace_substring(text, "\ufe0f", "")
    text = pc.replace_substring_regex(text, _EMOJI_PATTERN, " \\1 ")
    text = pc.replace_substring_regex(text, "\\?\\?+", f" {_QUESTION_MARKS} ")
    text = pc.replace_substring_regex(text, _NOT_A_TOKEN_CHARACTER, " ")
    return pc.utf8_trim_whitespace(text)


def spell_out(words: pa.Array, typo_map: dict[str, str] | None = None) -> pa.Array:
    """The last step of normalise on canonical_words: shorthand and the seed's typos spelled
    out."""
    spelled = _replace_words(words, {**(typo_map or {}), **SHORTHAND})
    return pc.replace_substring(spelled, _QUESTION_MARKS, "??")


def _replace_words(text: pa.Array, replacements: dict[str, str]) -> pa.Array:
    """Each whole word found in replacements swapped for its value, in Arrow over all words."""
    lists = pc.split_pattern(text, " ")
    words = pc.list_flatten(lists)
    found = pc.index_in(words, value_set=pa.array(list(replacements), type=pa.large_string()))
    replaced = pc.coalesce(pc.take(pa.array(list(replacements.values()), type=pa.large_string()), found), words)
    offsets = pc.list_value_length(lists).to_numpy(zero_copy_only=False).cumsum()
    rebuilt = pa.LargeListArray.from_arrays(np.r_[0, offsets].astype(np.int64), replaced)
    return pc.binary_join(rebuilt, pa.scalar(" ", pa.large_string()))


def typo_map(vocabulary: set[str]) -> dict[str, str]:
    """Misspellings of the phrase words, each mapped to its word: one pair of neighbouring
    letters swapped, one letter missing or one letter doubled. A misspelling that is itself a
    phrase word, or that two phrase words share, is left alone."""
    candidates: dict[str, set[str]] = {}
    for word in vocabulary:
        if len(word) < _MIN_TYPO_WORD_LENGTH or not word.isalpha():
            continue
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
        # The last letter is never dropped: "worke" is a slip, "change" is a word of its own.
        drops = {word[:i] + word[i + 1:] for i in range(len(word) - 1)}
        doubles = {word[:i] + word[i] + word[i:] for i in range(len(word))}
        for misspelling in (swaps | drops | doubles) - {word}:
            candidates.setdefault(misspelling, set()).add(word)
    return {
        misspelling: next(iter(words))
        for misspelling, words in candidates.items()
        if len(words) == 1 and misspelling not in vocabulary
    }


def phrase_matchers(phrases: pd.DataFrame, signals: tuple[str, ...] = SIGNALS) -> tuple[dict[str, str], dict[str, str]]:
    """One RE2 pattern per signal of `signals` (whole-word match of any of its phrases) and
    the typo map of their phrase words. Other signals and empty phrases are ignored."""
    phrases = phrases.assign(
        signal=phrases["signal"].astype(str).str.strip().str.lower(),
        phrase=normalise(phrases["phrase"]),
    )
    phrases = phrases[phrases["signal"].isin(signals) & (phrases["phrase"] != "")]
    vocabulary = set(" ".join(phrases["phrase"]).split())
    matchers = {}
    for signal in signals:
        alternatives = sorted(set(phrases.loc[phrases["signal"] == signal, "phrase"]), key=len, reverse=True)
        body = "|".join(re.escape(phrase) for phrase in alternatives) or _NEVER_MATCHES
        matchers[signal] = f"(?:^| )(?:{body})(?: |$)"
    return matchers, typo_map(vocabulary)


def signals_of_texts(texts: pd.Series, phrases: pd.DataFrame) -> pd.DataFrame:
    """Per text (same index): normalised text and the three phrase signals. A message that
    also signals confusion or a request for a human is not a confirmation ("thanks, but it
    still does not work")."""
    return signals_of_words(canonical_words(texts), phrases).set_axis(texts.index)


def signals_of_words(words: pa.Array, phrases: pd.DataFrame) -> pd.DataFrame:
    """signals_of_texts on the texts' canonical_words (a frame numbered from 0)."""
    normalised, found = match_phrases(words, phrases, SIGNALS)
    return pd.DataFrame({
        "normalised_text": pd.Series(normalised.to_numpy(zero_copy_only=False), dtype=object),
        "is_confirmation": found["confirmation"] & ~found["confusion"] & ~found["human_request"],
        "is_confusion": found["confusion"],
        "is_human_request": found["human_request"],
    })


def match_phrases(
    words: pa.Array, phrases: pd.DataFrame, signals: tuple[str, ...]
) -> tuple[pa.Array, dict[str, np.ndarray]]:
    """Texts' canonical_words spelled out with the phrase seed's typos, and per signal of
    `signals` whether each text says one of its phrases."""
    matchers, typos = phrase_matchers(phrases, signals)
    normalised = spell_out(words, typos)
    return normalised, {
        signal: pc.match_substring_regex(normalised, pattern).to_numpy(zero_copy_only=False)
        for signal, pattern in matchers.items()
    }


def text_vectors(texts: pd.Series) -> sparse.csr_matrix:
    """One row per text: its set of byte trigrams (the text padded with a space each side),
    as a binary vector scaled to unit length. The dot product of two rows is the cosine
    similarity of two messages' spellings, robust to typos and reworded fragments. Built with
    numpy over the whole text buffer at once."""
    space = pa.scalar(" ", pa.large_string())
    padded = pc.binary_join_element_wise(
        space, pa.array(texts.to_numpy(dtype=object, na_value=""), type=pa.large_string()), space,
        pa.scalar("", pa.large_string()),
    )
    offsets = np.frombuffer(padded.buffers()[1], dtype=np.int64)[padded.offset:padded.offset + len(padded) + 1]
    data = np.frombuffer(padded.buffers()[2], dtype=np.uint8).astype(np.int32)
    trigrams = np.maximum(np.diff(offsets) - 2, 0)
    row = np.repeat(np.arange(len(texts)), trigrams)
    first = np.repeat(offsets[:-1] - (np.cumsum(trigrams) - trigrams), trigrams) + np.arange(len(row))
    code = (data[first] << 16) | (data[first + 1] << 8) | data[first + 2]
    vectors = sparse.csr_matrix((np.ones(len(row)), (row, code)), shape=(len(texts), 1 << 24))
    vectors.data[:] = 1.0  # a set: duplicates were summed
    lengths = np.sqrt(np.diff(vectors.indptr))
    vectors.data /= np.repeat(lengths, np.diff(vectors.indptr))
    return vectors


def _group_starts(is_first: np.ndarray) -> np.ndarray:
    """For rows in contiguous groups: the index of the first row of each row's group."""
    return np.maximum.accumulate(np.where(is_first, np.arange(len(is_first)), 0))


def earlier_message_similarity(ticket_codes: np.ndarray, text_codes: np.ndarray, vectors) -> np.ndarray:
    """For customer messages in ticket and time order: the highest similarity to an earlier
    customer message of the same ticket (at most MAX_EARLIER_MESSAGES back); NaN for the first.

    ticket_codes: ticket of each message (equal codes are contiguous); text_codes: row of each
    message's text in vectors."""
    n = len(ticket_codes)
    similarity = np.full(n, np.nan)
    if n == 0:
        return similarity
    first_of_ticket = _group_starts(np.r_[True, ticket_codes[1:] != ticket_codes[:-1]])
    earlier = np.minimum(np.arange(n) - first_of_ticket, MAX_EARLIER_MESSAGES)
    later_message = np.repeat(np.arange(n), earlier)
    if len(later_message) == 0:
        return similarity
    pair_start = np.cumsum(earlier) - earlier
    steps_back = np.arange(len(later_message)) - np.repeat(pair_start, earlier) + 1
    earlier_message = later_message - steps_back
    left = vectors[text_codes[later_message]]
    right = vectors[text_codes[earlier_message]]
    pair_similarity = np.clip(np.asarray(left.multiply(right).sum(axis=1)).ravel(), 0.0, 1.0)
    has_earlier = earlier > 0
    similarity[has_earlier] = np.maximum.reduceat(pair_similarity, pair_start[has_earlier])
    return similarity


def _is_sorted(keys: pa.Table) -> bool:
    """Whether rows are already in _TURN_ORDER (no missing keys), as sort_indices would put
    them: then sorting would only cost time."""
    if keys.num_rows < 2 or any(column.null_count for column in keys.columns):
        return keys.num_rows < 2
    in_order = None
    # From the last key to the first: a row follows its predecessor if its key is greater, or
    # equal and the rows are in order on the keys after it.
    for column in reversed(keys.columns):
        earlier, later = column.slice(0, keys.num_rows - 1), column.slice(1)
        if in_order is None:
            in_order = pc.less_equal(earlier, later)
        else:
            in_order = pc.or_(pc.less(earlier, later), pc.and_(pc.equal(earlier, later), in_order))
    return pc.all(in_order).as_py()


def classify_turns(
    turns: pd.DataFrame, phrases: pd.DataFrame, rephrase_threshold: float = DEFAULT_REPHRASE_THRESHOLD,
    agent_phrases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per turn: turn_id, ticket_id, author_role, turn_type, turn_position (1-based,
    by sent_at then turn_id), body_length, ai_confidence, feedback, the customer-message
    signals and sent_at. Signals are false (similarity empty) on every other turn; a
    confirmation counts only after an agent (AI or human) message of the ticket. With
    agent_phrases (seed agent_trajectory_phrases), also the agent-trajectory columns of
    agent_signals.agent_turn_signals (tool_name, is_tool_error, ... before sent_at)."""
    keys = pa.table({name: pa.array(turns[name]) for name in _TURN_ORDER})
    # classify_turns_in_chunks hands over its chunks sorted: only other inputs are reordered.
    if _is_sorted(keys):
        turns = turns.reset_index(drop=True)
    else:
        order = pc.sort_indices(keys, sort_keys=_TURN_SORT_KEYS)
        turns = turns.iloc[order.to_numpy()].reset_index(drop=True)
    ticket_ids = turns["ticket_id"].to_numpy()
    group_start = _group_starts(np.r_[True, ticket_ids[1:] != ticket_ids[:-1]] if len(turns) else np.array([], bool))
    position = np.arange(len(turns)) - group_start + 1
    is_message = turns["turn_type"] == "message"
    is_customer_message = (turns["author_role"] == "customer") & is_message
    is_agent_message = (turns["author_role"].isin(["ai_agent", "human_agent"]) & is_message).to_numpy()
    agent_messages_so_far = np.cumsum(is_agent_message)
    agent_messages_before_ticket = (agent_messages_so_far - is_agent_message)[group_start]
    after_agent_message = agent_messages_so_far - is_agent_message - agent_messages_before_ticket > 0

    customer = turns.loc[is_customer_message, ["ticket_id", "body"]]
    text_codes, distinct_texts = pd.factorize(customer["body"].fillna(""))
    distinct_texts = pd.Series(distinct_texts, dtype=object)
    customer_words = canonical_words(distinct_texts)
    distinct = signals_of_words(customer_words, phrases)
    signals = distinct.iloc[text_codes].set_index(customer.index)
    similarity = earlier_message_similarity(
        pd.factorize(customer["ticket_id"])[0], text_codes, text_vectors(distinct["normalised_text"])
    )

    customer_rows = np.flatnonzero(is_customer_message.to_numpy())

    def on_customer_messages(values, fill):
        column = np.full(len(turns), fill)
        column[customer_rows] = values
        return column

    rephrase_similarity = on_customer_messages(similarity, np.nan)
    agent_columns = {}
    if agent_phrases is not None:
        # Imported here: agent_signals builds on this module's normalising and matching.
        from ai_support_metrics.agent_signals import agent_turn_signals

        turns = turns.assign(**{name: turns.get(name) for name in ("tool_name", "is_tool_error")})
        agent_columns = agent_turn_signals(
            turns, group_start, after_agent_message, agent_phrases,
            customer_texts=(text_codes, distinct_texts, customer_words),
        ).to_dict("series")
        # "It works now, but ..." is no confirmation either.
        agent_columns["is_outcome_confirmation"] &= ~on_customer_messages(
            (signals["is_confusion"] | signals["is_human_request"]).to_numpy(), False)
    return pd.DataFrame({
        "turn_id": turns["turn_id"].astype("string"),
        "ticket_id": turns["ticket_id"].astype("string"),
        "author_role": turns["author_role"].astype("string"),
        "turn_type": turns["turn_type"].astype("string"),
        "turn_position": position.astype(np.int64),
        "body_length": turns["body"].fillna("").str.len().astype("int64"),
        "ai_confidence": turns["ai_confidence"].astype(float),
        # As text even when every value is empty (a column missing from the input).
        "feedback": turns["feedback"].astype("string"),
        "rephrase_similarity": rephrase_similarity,
        "is_customer_message": is_customer_message,
        # Nothing can be confirmed before an agent has answered ("hi 🙏 my card expired").
        "is_confirmation": on_customer_messages(signals["is_confirmation"].to_numpy(), False)
        & after_agent_message,
        "is_confusion": on_customer_messages(signals["is_confusion"].to_numpy(), False),
        "is_human_request": on_customer_messages(signals["is_human_request"].to_numpy(), False),
        "is_rephrase": rephrase_similarity >= rephrase_threshold,
        **agent_columns,
        "sent_at": turns["sent_at"],
    })


def classify_turns_in_chunks(
    turns: pa.Table,
    phrases: pd.DataFrame,
    rephrase_threshold: float = DEFAULT_REPHRASE_THRESHOLD,
    chunk_turns: int = DEFAULT_CHUNK_TURNS,
    workers: int | None = None,
    agent_phrases: pd.DataFrame | None = None,
) -> pa.Table:
    """classify_turns over an Arrow table of turns (engine.to_arrow of a model's input), about
    chunk_turns turns at a time, shared out among `workers` threads (default: one per CPU).
    A chunk holds whole tickets, so its rows are the ones classify_turns gives on all turns at
    once (in chunk order). The working memory of the string and similarity work is that of
    chunk_turns turns, whatever the number of workers; the turns are read only once. Most of
    that work (Arrow compute, sparse products) releases Python's lock, so the chunks of a
    large build run side by side."""
    workers = max(1, workers or os.cpu_count() or 1)
    chunks = max(1, math.ceil(turns.num_rows * workers / chunk_turns))
    tickets = pc.dictionary_encode(turns["ticket_id"].combine_chunks())
    # Tickets numbered in order of first appearance, cut into `chunks` equal ranges.
    chunk_of_turn = tickets.indices.to_numpy(zero_copy_only=False) * chunks // max(1, len(tickets.dictionary))

    def classify_chunk(chunk):
        chunk_of_turns = turns.filter(pa.array(chunk_of_turn == chunk))
        # Sorted in Arrow: cheaper than classify_turns reordering the pandas frame.
        chunk_of_turns = chunk_of_turns.take(pc.sort_indices(
            chunk_of_turns, sort_keys=_TURN_SORT_KEYS)).to_pandas()
        return pa.Table.from_pandas(
            classify_turns(chunk_of_turns, phrases, rephrase_threshold, agent_phrases), preserve_index=False)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        classified = list(pool.map(classify_chunk, range(chunks)))
    del turns
    # Hand the freed turns back to the system: the SQL models that read this one run next.
    pa.default_memory_pool().release_unused()
    return pa.concat_tables(classified)
