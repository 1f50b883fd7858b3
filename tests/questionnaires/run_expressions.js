// The browser's evaluator behind the contract of `shura expressions eval`: JSON lines in,
// {"value": ...} or {"error": "..."} lines out, so tests drive both evaluators the same way.
"use strict";

const path = require("path");
const expressions = require(path.join(__dirname, "..", "..", "app", "web", "static", "expressions.js"));

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Python's `case.get("answers") or {}`: every falsy value, the empty list included, is {}.
function orEmpty(value) {
  const falsy = !value || (Array.isArray(value) && value.length === 0);
  return falsy ? {} : value;
}

function evaluateLine(line) {
  let test;
  try {
    test = JSON.parse(line);
  } catch (error) {
    return { error: "the line is not JSON: " + error.message };
  }
  if (!isObject(test) || typeof test.expr !== "string") {
    return { error: 'each line needs {"expr": "...", "answers": {...}}' };
  }
  const answers = orEmpty(test.answers);
  if (!isObject(answers)) return { error: "answers must be a JSON object" };
  const choice = test.choice === undefined ? null : test.choice;
  if (choice !== null && !isObject(choice)) return { error: "choice must be a JSON object" };
  try {
    const value = expressions.evaluate(test.expr, answers, test.current === undefined ? null : test.current, {
      context: Array.isArray(test.context) ? test.context : [],
      choice: choice,
    });
    return { value: value };
  } catch (error) {
    return { error: error.message || String(error) };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = [];
  for (const line of input.split("\n")) {
    if (line.trim()) out.push(JSON.stringify(evaluateLine(line)));
  }
  process.stdout.write(out.length ? out.join("\n") + "\n" : "");
});
