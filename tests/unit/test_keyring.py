"""One Keyring (each key's cipher made once) seals and opens in many threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from clinic360.crypto import Keyring, KeyringError, new_key_spec, parse_keys


def test_one_keyring_seals_and_opens_in_parallel_threads():
    keyring = parse_keys(new_key_spec("now"))

    def round_trips(worker: int) -> bool:
        texts = [f"worker {worker} note {n} " * (n % 7 + 1) for n in range(300)]
        sealed = [keyring.seal_text(text, "message.body") for text in texts]
        files = [keyring.seal_bytes(text.encode()) for text in texts]
        return [keyring.open_text(s, "message.body") for s in sealed] == texts and [
            keyring.open_bytes(f) for f in files
        ] == [text.encode() for text in texts]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(round_trips, range(16)))


def test_data_of_a_key_no_longer_listed_cannot_be_read():
    old = parse_keys(new_key_spec("old"))
    sealed = old.seal_text("kept", "patient.allergies")
    newer = Keyring((parse_keys(new_key_spec("new")).current,))
    with pytest.raises(KeyringError, match="no key 'old'"):
        newer.open_text(sealed, "patient.allergies")
