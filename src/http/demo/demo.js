// The demo page: upload a file to /classify (with its spectrogram), or stream the microphone to
// /classify/live. Plain browser JavaScript, no build step.

const $ = (id) => document.getElementById(id)

/** A labelled bar per class: `{label, confidence}` items. */
const bars = (items) =>
  items
    .map(
      ({ label, confidence }) => `<div class="bar" data-label="${escapeHtml(label)}">
        <span>${escapeHtml(label)}</span>
        <span class="track"><span class="fill" data-width="${(confidence * 100).toFixed(1)}"></span></span>
        <span class="pct">${(confidence * 100).toFixed(0)}%</span></div>`,
    )
    .join("")

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** The heads of a prediction (genre, mood, key, bpm) as cards of bars. */
const renderHeads = (target, prediction) => {
  const cards = []
  for (const head of ["genre", "mood", "key"]) {
    const p = prediction[head]
    if (!p) continue
    const source = p.source ? `<span class="source">(${p.source})</span>` : ""
    cards.push(`<div class="head" id="${target.id}-${head}"><h3>${head} ${source}</h3>
      <div class="value">${escapeHtml(p.label)}</div>${bars(p.top3 ?? [p])}</div>`)
  }
  if (prediction.bpm) {
    const { value, confidence, source } = prediction.bpm
    cards.push(`<div class="head" id="${target.id}-bpm"><h3>tempo <span class="source">(${source})</span></h3>
      <div class="value">${value.toFixed(1)} BPM</div>${bars([{ label: "confidence", confidence }])}</div>`)
  }
  target.innerHTML = cards.join("")
  // Widths are set through the CSSOM: the page's content security policy forbids inline style attributes.
  for (const fill of target.querySelectorAll(".fill")) fill.style.width = `${fill.dataset.width}%`
}

const errorText = async (response) => {
  try {
    const body = await response.json()
    return `${body.error.code}: ${body.error.message}`
  } catch {
    return `HTTP ${response.status}`
  }
}

// ---- a file ----

const classifyFile = async (file) => {
  const status = $("status")
  status.className = ""
  status.textContent = `Analysing ${file.name}…`
  $("result").innerHTML = ""
  $("spectrogram-figure").hidden = true
  const form = new FormData()
  form.append("file", file)
  const response = await fetch("/classify?spectrogram=true", { method: "POST", body: form })
  if (!response.ok) {
    status.className = "error"
    status.textContent = await errorText(response)
    return
  }
  const result = await response.json()
  status.textContent = `${result.filename}: ${result.duration.toFixed(1)} s of ${result.audio.format}, answered in ${(result.processing_time * 1000).toFixed(0)} ms by ${result.model.name} ${result.model.version}`
  if (result.spectrogram) {
    $("spectrogram").src = result.spectrogram.image
    $("spectrogram-caption").textContent =
      `Mel spectrogram: ${result.spectrogram.mel_bands} bands × ${result.spectrogram.frames} frames, ${result.spectrogram.db_range[0].toFixed(0)} to ${result.spectrogram.db_range[1].toFixed(0)} dB`
    $("spectrogram-figure").hidden = false
  }
  renderHeads($("result"), result)
}

const drop = $("drop")
$("file").addEventListener("change", (e) => e.target.files[0] && classifyFile(e.target.files[0]))
drop.addEventListener("dragover", (e) => {
  e.preventDefault()
  drop.classList.add("over")
})
drop.addEventListener("dragleave", () => drop.classList.remove("over"))
drop.addEventListener("drop", (e) => {
  e.preventDefault()
  drop.classList.remove("over")
  if (e.dataTransfer.files[0]) classifyFile(e.dataTransfer.files[0])
})

// ---- live ----

let live

const startLive = async () => {
  const status = $("live-status")
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: false },
  })
  const context = new AudioContext()
  await context.audioWorklet.addModule("/demo/capture-worklet.js")
  const source = context.createMediaStreamSource(stream)
  const capture = new AudioWorkletNode(context, "capture", { numberOfInputs: 1, numberOfOutputs: 0 })
  const scheme = location.protocol === "https:" ? "wss" : "ws"
  const socket = new WebSocket(
    `${scheme}://${location.host}/classify/live?sample_rate=${context.sampleRate}&format=f32le`,
  )
  socket.binaryType = "arraybuffer"
  capture.port.onmessage = (e) => socket.readyState === WebSocket.OPEN && socket.send(e.data)
  socket.onmessage = (e) => {
    const message = JSON.parse(e.data)
    if (message.type === "ready") status.textContent = `Listening at ${message.sample_rate} Hz…`
    else if (message.type === "window") {
      status.textContent = `Window ${message.index + 1}: ${message.start.toFixed(1)}–${message.end.toFixed(1)} s`
      renderHeads($("live-result"), message)
    } else if (message.type === "summary") {
      status.textContent = `Summary of ${message.windows} windows (${message.duration.toFixed(1)} s)`
      renderHeads($("live-result"), message)
    } else if (message.type === "error") {
      status.className = "error"
      status.textContent = `${message.error.code}: ${message.error.message}`
    }
  }
  socket.onclose = () => stopLive(false)
  source.connect(capture)
  live = { stream, context, socket }
  $("live-start").disabled = true
  $("live-stop").disabled = false
}

const stopLive = (sendEnd = true) => {
  if (!live) return
  const { stream, context, socket } = live
  live = undefined
  for (const track of stream.getTracks()) track.stop()
  void context.close()
  if (sendEnd && socket.readyState === WebSocket.OPEN) socket.send("end")
  $("live-start").disabled = false
  $("live-stop").disabled = true
}

$("live-start").addEventListener("click", () =>
  startLive().catch((e) => {
    $("live-status").className = "error"
    $("live-status").textContent = `Could not start: ${e.message}`
  }),
)
$("live-stop").addEventListener("click", () => stopLive(true))
