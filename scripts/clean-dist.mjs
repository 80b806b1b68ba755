#!/usr/bin/env node
// Removes `dist/` of the package in the current directory, so a build never ships files whose
// source was moved or deleted (`npm pack` takes all of `dist`). Used by the packages' `build`.
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
