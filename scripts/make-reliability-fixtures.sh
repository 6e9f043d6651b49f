#!/usr/bin/env bash
# Regenerates the committed inputs of the reliability tests (test/hostile-input.test.ts, npm run fuzz):
#  - test/fixtures/hostile/: decompression-bomb-like audio, hours of silence in a few kilobytes, which
#    decoding must stop at its duration limit without decoding it all;
#  - test/fixtures/fuzz-seeds/: formats the audio fixtures lack (fragmented MP4, MPEG-1 layer II,
#    6-channel Opus and FLAC), added to the fuzzer's seeds.
# The tests only read the committed files. Needs Debian's ffmpeg (5.1) with libvorbis and libopus.
set -euo pipefail
cd "$(dirname "$0")/.."
hostile=test/fixtures/hostile
seeds=test/fixtures/fuzz-seeds
mkdir -p "$hostile" "$seeds"
rm -f "$hostile"/*.flac "$hostile"/*.ogg "$seeds"/*
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y -bitexact "$@"; }
silence() { ff -f lavfi -i "anullsrc=r=$1:cl=mono" -t "$2" "${@:3}"; }

# FLAC's largest blocks (65535 samples) of silence cost a few bytes each: 3 hours in ~27 kB.
silence 8000 10800 -c:a flac -frame_size 65535 "$hostile/silence-3h.flac"
# Written to a pipe, the STREAMINFO total stays 0: the length is known only by decoding.
silence 8000 10800 -c:a flac -frame_size 65535 -f flac - > "$hostile/silence-3h-streamed.flac"
# Vorbis has no such blocks (~40 bytes per second of silence at 1 kHz): 40 minutes in ~90 kB. Ogg
# declares no length, so this too is found only by decoding.
silence 1000 2400 -c:a libvorbis -q:a -1 "$hostile/silence-40min.ogg"

music() { ff -f lavfi -i "sine=frequency=440:sample_rate=$1:duration=$2" -af "aformat=channel_layouts=$3" "${@:4}"; }
music 44100 0.5 stereo -c:a aac -b:a 64k -movflags frag_keyframe+empty_moov+default_base_moof -frag_duration 200000 "$seeds/aac-fragmented.m4a"
music 44100 0.5 mono -c:a mp2 -b:a 64k "$seeds/mp2-44k-mono.mp2"
music 48000 0.3 5.1 -c:a libopus -b:a 96k "$seeds/opus-6ch.opus"
music 48000 0.2 5.1 -c:a flac -sample_fmt s32 "$seeds/flac-24bit-6ch.flac"

du -ch "$hostile"/* "$seeds"/* | tail -1
