// The sample Extism plugin of udf-samples/plugins/extism_sample.json.
import { Config, Host, Var } from "@extism/as-pdk";
import { outputText, utf8 } from "./common";

/**
 * Counts the vowels of the input, as Extism's classic example does. The vowels come from the
 * config key "vowels" (default aeiouAEIOU); the running total across calls lives in the var
 * "total". Output: {"count": 3, "total": 3, "vowels": "aeiouAEIOU"}.
 */
export function count_vowels(): i32 {
  const text = Host.inputString();
  let vowels = Config.get("vowels");
  if (vowels === null) {
    vowels = "aeiouAEIOU";
  }
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (vowels.includes(text.charAt(i))) {
      count++;
    }
  }
  const before = Var.getString("total");
  const total = (before === null ? 0 : <i32>parseInt(before)) + count;
  Var.set("total", utf8(total.toString()));
  outputText('{"count": ' + count.toString() + ', "total": ' + total.toString() + ', "vowels": "' + vowels + '"}');
  return 0;
}

/** "<greeting>, <input>!", the greeting from the config key "greeting" (default Hello). */
export function greet(): i32 {
  const greeting = Config.get("greeting");
  outputText((greeting === null ? "Hello" : greeting) + ", " + Host.inputString() + "!");
  return 0;
}

/** Adds the integers of a JSON array such as [1, -2, 30]: the input of a function of BIGINTs. */
export function add(): i32 {
  const json = Host.inputString();
  let sum: i64 = 0;
  let value: i64 = 0;
  let negative = false;
  let inNumber = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
    } else {
      if (inNumber) {
        sum += negative ? -value : value;
      }
      negative = c == 45; // '-'
      value = 0;
      inNumber = false;
    }
  }
  outputText(sum.toString());
  return 0;
}
