/**
 * Renders the evaluation corpus: General MIDI songs with known tempo and key (see song.ts), played by
 * Debian's `fluidsynth` with the FluidR3 GM sound font, cut to 30 s and encoded by `ffmpeg` to WAV,
 * MP3, FLAC and Ogg Vorbis in turn. Writes `labels.csv` beside the audio.
 *
 *   npx tsx scripts/eval/render-corpus.ts [--count 40] [--seed 1] [--out .cache/eval-corpus] [--style band]
 *
 * `--style band` composes the harder development style of song-band.ts (modal and blues harmony,
 * distorted guitars, louder drums, tempo drift) instead of song.ts's cadences.
 *
 * Needs `apt-get install -y fluidsynth fluid-soundfont-gm ffmpeg`. Songs already rendered are kept,
 * so a second run only writes what is missing.
 *
 * @module
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { writeMidi } from "./midi.ts"
import { type ComposedSong, composeSong, corpusSpecs, keyLabel, type SongSpec } from "./song.ts"
import { composeBandSong } from "./song-band.ts"

/** The song styles a corpus can be composed in. */
export const styles = { classic: composeSong, band: composeBandSong } as const satisfies Record<
  string,
  (spec: SongSpec, seconds?: number) => ComposedSong
>
export type Style = keyof typeof styles

export const soundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
export const defaultCorpusDir = ".cache/eval-corpus"

/** ffmpeg output arguments per container; songs cycle through them. */
const encoders = {
  wav: ["-c:a", "pcm_s16le"],
  mp3: ["-c:a", "libmp3lame", "-b:a", "160k"],
  flac: ["-c:a", "flac"],
  ogg: ["-c:a", "libvorbis", "-q:a", "4"],
} as const
const formats = Object.keys(encoders) as Array<keyof typeof encoders>

const run = (command: string, args: ReadonlyArray<string>): void => {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"] })
  if (result.error) throw new Error(`${command} could not start (${result.error.message}): is it installed?`)
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr.toString()}`)
}

/** Renders one song to `dir/<id>.<format>`; returns the file name. */
export const renderSong = (
  spec: SongSpec,
  format: keyof typeof encoders,
  dir: string,
  seconds = 30,
  style: Style = "classic",
): { file: string; arrangement: string } => {
  const file = `${spec.id}.${format}`
  const target = join(dir, file)
  const song = styles[style](spec, seconds + 2)
  if (existsSync(target)) return { file, arrangement: song.arrangement }
  const midi = join(dir, `${spec.id}.mid`)
  const raw = join(dir, `${spec.id}.raw.wav`)
  const partial = join(dir, `${spec.id}.partial.${format}`)
  writeFileSync(midi, writeMidi(song.midi))
  run("fluidsynth", ["-ni", "-q", "-g", "0.4", "-r", "44100", "-F", raw, soundFont, midi])
  run("ffmpeg", ["-y", "-v", "error", "-i", raw, "-t", String(seconds), ...encoders[format], partial])
  renameSync(partial, target)
  rmSync(raw)
  return { file, arrangement: song.arrangement }
}

const csvHeader = "file,bpm,key,beats_per_bar,drums,melody,tuning_cents,arrangement"

/** Renders `count` songs from `seed` into `dir` (skipping files already there) and writes `dir/labels.csv`. */
export const renderCorpus = (dir: string, count: number, seed: number, style: Style = "classic"): void => {
  mkdirSync(dir, { recursive: true })
  const specs = corpusSpecs(count, seed)
  const rows = [csvHeader]
  specs.forEach((spec, i) => {
    const { file, arrangement } = renderSong(spec, formats[i % formats.length]!, dir, 30, style)
    rows.push(
      [
        file,
        spec.bpm.toFixed(3),
        keyLabel(spec),
        spec.beatsPerBar,
        spec.drums,
        spec.melody,
        spec.tuningCents,
        arrangement,
      ].join(","),
    )
    process.stdout.write(`\r${i + 1}/${specs.length} ${file}   `)
  })
  writeFileSync(join(dir, "labels.csv"), `${rows.join("\n")}\n`)
  console.log(`\nwrote ${specs.length} songs and labels.csv to ${dir}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "40" },
      seed: { type: "string", default: "1" },
      out: { type: "string", default: defaultCorpusDir },
      style: { type: "string", default: "classic" },
    },
  })
  if (!(values.style in styles)) throw new Error(`--style must be one of ${Object.keys(styles).join(", ")}`)
  renderCorpus(values.out, Number(values.count), Number(values.seed), values.style as Style)
}
