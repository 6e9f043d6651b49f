#!/usr/bin/env bash
# Regenerates test/fixtures/audio/: the test music signal (test/support/music-signal.ts) encoded by
# Debian's ffmpeg (5.1) in every format decoding supports, plus broken and non-audio inputs.
# The tests only read the committed files; run this after changing the signal or adding a case.
# Needs ffmpeg with libmp3lame, libvorbis, libopus (Debian's ffmpeg package).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/audio
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
mkdir -p "$out"
rm -f "$out"/*

music() { npx tsx scripts/write-music-wav.ts "$src/$1.wav" "$2" "$3" "$4"; }
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y -bitexact "$@"; }

music s44 44100 2 3      # the reference clip: 3 s, 44.1 kHz stereo
music s44short 44100 2 1 # FLAC source (lossless files are large: 1 s)
music m22 22050 1 3      # MPEG-2 MP3 source
music s48 48000 2 3      # Opus source
music m44 44100 1 0.25   # bit-depth variants
music x48 48000 6 0.2    # 6-channel WAVE_FORMAT_EXTENSIBLE
music m8 8000 1 1
music s48short 48000 2 0.5
music m96 96000 1 0.25

# WAV: every sample format; ffmpeg writes WAVE_FORMAT_EXTENSIBLE for more than 2 channels.
for codec in u8 s16le s24le s32le f32le f64le; do ff -i "$src/m44.wav" -c:a "pcm_$codec" "$out/wav-$codec.wav"; done
ff -i "$src/x48.wav" -c:a pcm_s16le "$out/wav-6ch-extensible.wav"
ff -i "$src/m8.wav" -c:a pcm_s16le "$out/wav-8k.wav"
ff -i "$src/s48short.wav" -c:a pcm_s16le "$out/wav-48k.wav"
ff -i "$src/m96.wav" -c:a pcm_s24le "$out/wav-96k.wav"
ff -i "$src/m8.wav" -c:a pcm_s16le -rf64 always "$out/wav-rf64.wav"
ff -i "$src/m8.wav" -c:a pcm_s16le "$out/wav-8k.w64"
# Written to a pipe, ffmpeg cannot go back to fill in the sizes: RIFF and data sizes stay 0xFFFFFFFF.
ff -i "$src/m8.wav" -c:a pcm_s16le -f wav - > "$out/wav-streamed.wav"

# Compressed formats of the reference clip.
ff -i "$src/s44.wav" -c:a libmp3lame -b:a 128k "$out/mp3-44k-stereo.mp3"
ff -i "$src/m22.wav" -c:a libmp3lame -b:a 64k "$out/mp3-22k-mono.mp3"
ff -i "$src/s44short.wav" -c:a flac -sample_fmt s16 "$out/flac-44k-stereo.flac"
ff -i "$src/m8.wav" -c:a flac -sample_fmt s16 -f flac - > "$out/flac-streamed.flac" # total samples left at 0
ff -i "$src/s44.wav" -c:a libvorbis -q:a 4 "$out/vorbis-44k-stereo.ogg"
ff -i "$src/s48.wav" -c:a libopus -b:a 96k "$out/opus-48k-stereo.opus"
ff -i "$src/s44.wav" -c:a aac -b:a 128k -movflags +faststart "$out/aac-faststart.m4a"
ff -i "$src/s44.wav" -c:a aac -b:a 128k "$out/aac-moov-at-end.m4a"

# Broken inputs.
cut() { head -c "$(( $(stat -c %s "$1") * $2 / 100 ))" "$1" > "$3"; }
cut "$out/flac-44k-stereo.flac" 60 "$out/truncated.flac"
cut "$out/mp3-44k-stereo.mp3" 60 "$out/truncated.mp3"
cut "$out/wav-s16le.wav" 60 "$out/truncated.wav"
cut "$out/vorbis-44k-stereo.ogg" 60 "$out/truncated.ogg"
cut "$out/aac-faststart.m4a" 60 "$out/truncated-faststart.m4a"
cut "$out/aac-moov-at-end.m4a" 90 "$out/truncated-moov-at-end.m4a" # the index is lost
head -c 30 "$out/wav-s16le.wav" > "$out/truncated-header.wav"
: > "$out/empty.wav"
# 4 KiB of deterministic pseudo-random bytes, named like an MP3.
npx tsx -e 'let s=1;const b=new Uint8Array(4096);for(let i=0;i<b.length;i++){s^=s<<13;s^=s>>>17;s^=s<<5;b[i]=s&255};process.stdout.write(b)' > "$out/random.mp3"
printf 'Track list\n1. Intro\n2. Verse\n' > "$out/notes.wav"
printf '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not found</body></html>\n' > "$out/download.mp3"

du -ch "$out"/* | tail -1
