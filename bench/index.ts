/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after another (so that
 * figures are not disturbed by each other), prints what each prints, and writes `docs/BENCHMARKS.md`:
 * the machine, the date, a summary of the headline figures beside their targets and peers, then every
 * benchmark's own tables.
 *
 * `npm run bench -- fft decode` runs only the benchmarks whose names contain an argument, and then
 * writes no report (a partial run would replace the full one); `--report PATH` writes it anyway, there.
 */
import { spawn } from "node:child_process"
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { cpus, freemem, loadavg, release, totalmem } from "node:os"
import { fileURLToPath } from "node:url"
import { describeTarget, FIGURE_MARK, type Figure, meets } from "./support.ts"

const dir = fileURLToPath(new URL(".", import.meta.url))
const root = fileURLToPath(new URL("..", import.meta.url))
const args = process.argv.slice(2)
const reportAt = args.indexOf("--report")
const filters = reportAt >= 0 ? args.filter((_, i) => i !== reportAt && i !== reportAt + 1) : args
const reportPath =
  reportAt >= 0 ? args[reportAt + 1] : filters.length === 0 ? `${root}docs/BENCHMARKS.md` : undefined
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

interface Section {
  readonly name: string
  readonly output: string
  readonly seconds: number
  readonly ok: boolean
}

/** Runs one benchmark, echoing its output as it comes, and keeps its text and its figures apart. */
const runBench = (file: string, figures: Figure[]): Promise<Section> =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, ["--import", "tsx", `${dir}${file}`], {
      stdio: ["ignore", "pipe", "inherit"],
    })
    let text = ""
    let pending = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      pending += chunk
      const lines = pending.split("\n")
      pending = lines.pop() ?? ""
      for (const line of lines) {
        if (line.startsWith(FIGURE_MARK)) figures.push(JSON.parse(line.slice(FIGURE_MARK.length)) as Figure)
        else {
          text += `${line}\n`
          console.log(line)
        }
      }
    })
    child.on("close", (code) => {
      text += pending
      resolve({
        name: file.replace(".bench.ts", ""),
        output: text.trim(),
        seconds: (performance.now() - started) / 1000,
        ok: code === 0,
      })
    })
  })

const number = (value: number): string =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2)

const summary = (figures: ReadonlyArray<Figure>): string => {
  const rows = figures.map((f) => {
    const met = f.target === undefined ? "" : meets(f.value, f.target) ? "met" : "**missed**"
    const target = f.target === undefined ? "" : `${describeTarget(f.target)} ${f.unit}`
    return `| ${f.area} | ${f.name} | ${number(f.value)} ${f.unit} | ${target} | ${met} | ${f.peer ?? ""} |`
  })
  return [
    "| area | figure | measured | target | | peer, same run |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n")
}

const machineDescription = (): string => {
  const cpu = cpus()
  const os = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "Linux"
    } catch {
      return process.platform
    }
  })()
  return (
    `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory ` +
    `(${(freemem() / 2 ** 30).toFixed(0)} GiB free at the start), ${os} (kernel ${release()}), Node ${process.version}`
  )
}

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")

const figures: Figure[] = []
const sections: Section[] = []
const machine = machineDescription()
const loadBefore = loads()
const started = new Date()
for (const file of files) {
  console.log(`\n## ${file.replace(".bench.ts", "")}\n`)
  sections.push(await runBench(file, figures))
}
const failed = sections.filter((s) => !s.ok)

if (reportPath !== undefined) {
  const report = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (every `bench/*.bench.ts`, each in its own process, one after another); " +
      "do not edit by hand. Figures are from one run on the machine below: on a shared or busy machine, " +
      "wall times include waits for a core, so the benchmarks also give CPU time or the best of several runs.",
    "",
    `- **Machine:** ${machine}`,
    `- **Date:** ${started.toISOString().replace("T", " ").slice(0, 16)} UTC, ${((Date.now() - started.getTime()) / 60000).toFixed(1)} minutes in all`,
    `- **Load average** (1, 5, 15 min) before: ${loadBefore}; after: ${loads()}`,
    ...(failed.length > 0 ? [`- **Failed:** ${failed.map((s) => s.name).join(", ")}`] : []),
    "",
    "## Summary",
    "",
    "The headline figure of each benchmark beside its target and, where one runs here, its peer measured " +
      "in the same run. Details, and what each figure includes, in the sections below.",
    "",
    summary(figures),
    "",
    ...sections.flatMap((s) => [
      `## ${s.name}`,
      "",
      `\`bench/${s.name}.bench.ts\`, ${s.seconds.toFixed(0)} s${s.ok ? "" : " — **failed**"}.`,
      "",
      s.output,
      "",
    ]),
  ].join("\n")
  const temp = `${reportPath}.tmp`
  writeFileSync(temp, report)
  renameSync(temp, reportPath)
  console.log(`\nWrote ${reportPath}`)
}
if (failed.length > 0) {
  console.error(`${failed.length} benchmark(s) failed: ${failed.map((s) => s.name).join(", ")}`)
  process.exit(1)
}
