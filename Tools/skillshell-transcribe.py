#!/usr/bin/env python3
"""Speech to timed words for SkillShell's captions, offline.

Whisper through faster-whisper (CTranslate2, int8 on the CPU), with its bundled Silero
voice-activity detector, so silence, music and tones give no words. The language is detected
per clip with the multilingual model (Whisper base); English is then transcribed with the
English-only model (Whisper tiny.en), which measured better on English speech here, and any
other language with the multilingual one. Reads one 16 kHz mono WAV, prints one JSON object:

  {"language": "en", "language_probability": 0.98, "task": "transcribe", "model": "tiny.en",
   "duration": 8.7, "segments": [{"start": 0.0, "end": 2.1, "text": "...", "avg_logprob": -0.2,
   "no_speech_prob": 0.01, "words": [{"start": 0.0, "end": 0.3, "word": " The",
   "probability": 0.97}, ...]}]}

Times are multiplied by --time-scale (the audio may have been slowed before it came here). On
failure: one sentence on standard error, and exit status 3 when the model or the library is
missing, 4 when the audio cannot be read, 1 otherwise. Nothing is fetched from a network.

usage: skillshell-transcribe --models DIR --audio FILE [--language en|zh] [--english] [--time-scale X]
"""
import argparse
import json
import os
import signal
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# SIGTERM and SIGINT end the process at once, even inside the decoder.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGINT, signal.SIG_DFL)


def fail(code, sentence):
    sys.stderr.write(sentence.rstrip() + "\n")
    sys.exit(code)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", required=True, help="the folder with whisper-base/ and whisper-tiny-en/")
    parser.add_argument("--audio", required=True)
    parser.add_argument("--language", choices=["en", "zh"])
    parser.add_argument("--english", action="store_true", help="English captions: other speech is translated")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()

    multilingual = os.path.join(args.models, "whisper-base")
    english_only = os.path.join(args.models, "whisper-tiny-en")
    for folder in (multilingual, english_only):
        if not os.path.isfile(os.path.join(folder, "model.bin")):
            fail(3, "the speech model is not installed: run scripts/install-deps.sh")
    if not os.path.isfile(args.audio):
        fail(4, "the audio to transcribe is missing")
    try:
        from faster_whisper import WhisperModel
        from faster_whisper.audio import decode_audio
    except Exception:  # noqa: BLE001 - any import failure means the same to the user
        fail(3, "the speech recogniser (faster-whisper) is not installed: run scripts/install-deps.sh")

    threads = args.threads or max(1, os.cpu_count() or 1)

    def load(folder):
        try:
            return WhisperModel(folder, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True)
        except Exception as error:  # noqa: BLE001
            fail(3, f"the speech model could not be loaded ({type(error).__name__}): run scripts/install-deps.sh")

    try:
        audio = decode_audio(args.audio, sampling_rate=16000)
    except Exception as error:  # noqa: BLE001
        fail(4, f"the audio could not be read for captions ({type(error).__name__})")

    base = load(multilingual)
    language, probability = args.language, 1.0
    if language is None:
        try:
            language, probability, _ = base.detect_language(audio=audio, vad_filter=True)
        except Exception:  # noqa: BLE001 - no speech at all: nothing to detect
            language, probability = "en", 0.0

    task, model, name = "transcribe", base, "base"
    if language == "en":
        model, name = load(english_only), "tiny.en"
    elif args.english:
        task = "translate"

    options = dict(
        beam_size=5, word_timestamps=True, vad_filter=True, vad_parameters={"min_silence_duration_ms": 500},
        condition_on_previous_text=True,
    )
    if name == "base":
        options["language"] = language
        options["task"] = task
    try:
        segments, info = model.transcribe(audio, **options)
        segments = list(segments)
    except Exception as error:  # noqa: BLE001
        fail(4, f"the audio could not be read for captions ({type(error).__name__})")

    scale = args.time_scale

    def t(value):
        return round(float(value) * scale, 3)

    out = {
        "language": language,
        "language_probability": round(float(probability), 4),
        "task": task,
        "model": name,
        "duration": t(info.duration),
        "segments": [
            {
                "start": t(s.start), "end": t(s.end), "text": s.text.strip(),
                "avg_logprob": round(float(s.avg_logprob), 4), "no_speech_prob": round(float(s.no_speech_prob), 4),
                "words": [
                    {"start": t(w.start), "end": t(w.end), "word": w.word, "probability": round(float(w.probability), 4)}
                    for w in (s.words or [])
                ],
            }
            for s in segments
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
