/**
 * How the bundled default model (`models/default/`) is trained: the options `npm run train:default`
 * passes to `trainToDirectory`, chosen by the cross-validation runs described in docs/MODEL.md.
 */
import type { TrainingRunOptions } from "../src/model/training-run.ts"

export const defaultModelSettings = {
  // Everything else is the library's default (docs/MODEL.md): 40 epochs, crops of 128 frames, RBF
  // feature branch with branch heads, feature noise, label smoothing, class weights ^½.
  training: {
    folds: 5,
    seed: 0,
    threads: 0,
  },
  info: {
    name: "mirflow-default",
    version: "1",
    data:
      "emotify-train: 300 excerpts (30 s, from 0:15) of the Emotify dataset (Aljanaki, Wiering & Veltkamp, " +
      '"Studying emotion induced by music through a crowdsourcing game", Information Processing & Management, 2015), ' +
      "music from Magnatune; 4 genres (75 clips each), 9 GEMS moods (the category most annotators chose)",
    terms:
      "Evaluation and research use (the data's terms). Magnatune's music is licensed CC BY-NC-SA; cite Aljanaki et al. 2015 " +
      "when reporting results. Not for commercial use.",
  },
} satisfies TrainingRunOptions
