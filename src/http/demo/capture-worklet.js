// Audio worklet of the demo's live mode: posts the microphone's samples (mono float32) to the page
// in blocks of 4096, which the page sends to /classify/live as binary WebSocket messages.
class Capture extends AudioWorkletProcessor {
  constructor() {
    super()
    this.block = new Float32Array(4096)
    this.filled = 0
  }

  process(inputs) {
    const channel = inputs[0]?.[0]
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        this.block[this.filled++] = channel[i]
        if (this.filled === this.block.length) {
          this.port.postMessage(this.block.buffer.slice(0))
          this.filled = 0
        }
      }
    }
    return true
  }
}

registerProcessor("capture", Capture)
