// The browser's evaluator of questionnaire expressions (XLSForm's XPath subset). It mirrors
// app/questionnaires/expressions/ (grammar.lark, values.py, functions.py, evaluator.py)
// function by function, so a question the browser shows is one the server keeps; both are
// held to tests/questionnaires/expression_vectors.json. The semantics are documented in
// forms/EXPRESSIONS.md.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.ShuraExpressions = factory();
})(this, function () {
  "use strict";

  // ---- Values -------------------------------------------------------------------------
  // Text is a string, a number a number, true/false a boolean. Dates and node sets need
  // their own kinds, as datetime.date and NodeSet are distinct in Python.

  function SDate(days) { this.days = days; }  // days since 1970-01-01
  function NodeSet(items) { this.items = items; }  // values, or repeat items (objects)

  // Python's str.isspace(): what \s, strip() and split() mean on the server. JavaScript's
  // \s differs (it has U+FEFF but lacks U+001C-U+001F and U+0085).
  var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
    "\\u202f\\u205f\\u3000";
  var NUMBER_TEXT = new RegExp(
    "^[" + SPACE + "]*(-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))[" + SPACE + "]*$");
  var DATE_TEXT = new RegExp("^[" + SPACE + "]*([0-9]{4})-([0-9]{2})-([0-9]{2})[" + SPACE + "]*$");
  var TRIM = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  var SPLIT = new RegExp("[" + SPACE + "]+");
  var FIRST_DAY = -719162, LAST_DAY = 2932896;  // 0001-01-01 and 9999-12-31, Python's range

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function get(object, key) { return has(object, key) ? object[key] : undefined; }
  function isDict(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      !(value instanceof SDate) && !(value instanceof NodeSet);
  }
  function strip(text) { return text.replace(TRIM, ""); }
  function words(text) { var s = strip(text); return s ? s.split(SPLIT) : []; }

  // Proleptic Gregorian day numbers without Date, whose UTC constructor maps years 0-99 to
  // 1900-1999 (H. Hinnant's days_from_civil / civil_from_days).
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400), yoe = y - era * 400;
    var doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  }
  function civilFromDays(z) {
    z += 719468;
    var era = Math.floor(z / 146097), doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
  }
  function parseDate(text) {
    var match = DATE_TEXT.exec(text);
    if (!match) return null;
    var y = +match[1], m = +match[2], d = +match[3];
    if (y < 1 || m < 1 || m > 12 || d < 1) return null;
    var days = daysFromCivil(y, m, d), back = civilFromDays(days);
    return back[1] === m && back[2] === d ? new SDate(days) : null;  // not 2021-02-30
  }
  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }
  function isoDate(date) {
    var c = civilFromDays(date.days);
    return pad(c[0], 4) + "-" + pad(c[1], 2) + "-" + pad(c[2], 2);
  }

  function fromAnswer(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean" || typeof value === "string" || typeof value === "number") {
      return value;
    }
    if (Array.isArray(value)) {
      if (value.length && value.every(isDict)) return new NodeSet(value);
      return value.map(function (item) { return toString(fromAnswer(item)); }).join(" ");
    }
    if (isDict(value) && has(value, "name")) {  // an attachment reads as its file name
      return typeof value.name === "string" ? value.name : toString(fromAnswer(value.name));
    }
    return "";
  }

  function toBoolean(value) {
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return !(value === 0 || isNaN(value));
    if (typeof value === "string") return value !== "";
    if (value instanceof NodeSet) return value.items.length > 0;
    return true;  // a date
  }

  function toNumber(value) {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "number") return value;
    if (value instanceof SDate) return value.days;
    if (value instanceof NodeSet) {
      var first = value.items.length ? value.items[0] : "";
      return isDict(first) ? NaN : toNumber(first);
    }
    if (typeof value === "string") {
      var match = NUMBER_TEXT.exec(value);
      if (match) return Number(match[1]);
      var date = parseDate(value);
      return date ? date.days : NaN;
    }
    return NaN;
  }

  function toString(value) {
    if (typeof value === "string") return value;
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return numberText(value);
    if (value instanceof SDate) return isoDate(value);
    if (value instanceof NodeSet) {
      var first = value.items.length ? value.items[0] : "";
      return isDict(first) ? "" : toString(first);
    }
    return "";
  }

  function toDate(value) {
    if (value instanceof SDate) return value;
    if (typeof value === "boolean") return "";
    if (typeof value === "number") {
      var n = value;
      if (isFinite(n) && Math.abs(n) < 3000000) {
        var days = Math.floor(n);
        // Python raises OverflowError past its date range; a blank is what the page can use.
        return days >= FIRST_DAY && days <= LAST_DAY ? new SDate(days) : "";
      }
      return "";
    }
    return parseDate(toString(value)) || "";
  }

  // XPath's number to text: Python prints repr() digits and expands any exponent; String()
  // gives the same shortest digits, but exponents from 1e21 and below 1e-6.
  function numberText(n) {
    if (isNaN(n)) return "NaN";
    if (!isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
    if (n === Math.floor(n) && Math.abs(n) < 1e21) return n.toFixed(0);  // exact digits
    var text = String(n), e = text.indexOf("e");
    if (e < 0) return text;
    var sign = text[0] === "-" ? "-" : "";
    var mantissa = text.slice(sign.length, e), exponent = +text.slice(e + 1);
    var point = mantissa.indexOf(".");
    var digits = mantissa.replace(".", "");
    var at = (point < 0 ? mantissa.length : point) + exponent;  // where the point goes
    if (at <= 0) return sign + "0." + new Array(1 - at).join("0") + digits;
    if (at >= digits.length) return sign + digits + new Array(at - digits.length + 1).join("0");
    return sign + digits.slice(0, at) + "." + digits.slice(at);
  }

  function toJson(value) {
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return isFinite(value) ? value + 0 : numberText(value);
    return toString(value);
  }

  // ---- Syntax -------------------------------------------------------------------------

  function ExpressionError(message, column) {
    var error = new Error(column ? "column " + column + ": " + message : message);
    error.column = column || null;
    error.expressionMessage = message;
    return error;
  }

  // Tokens are read one at a time, told whether a value or an operator may stand there, as
  // lark's contextual lexer does: `and`, `or`, `div`, `mod` are operators only after a value
  // and only as whole words (`1 orange` has no `or`), and names everywhere else.
  var VALUE_TOKENS = [
    ["number", /[0-9]+(?:\.[0-9]*)?|\.[0-9]+/y],
    ["string", /'[^']*'|"[^"]*"/y],
    ["ref", /\$\{[A-Za-z_][A-Za-z0-9_]*\}/y],
    ["function", new RegExp("[A-Za-z_][A-Za-z0-9_-]*(?=[" + SPACE + "]*\\()", "y")],
    ["name", /[A-Za-z_][A-Za-z0-9_-]*/y],
    ["..", /\.\./y], [".", /\./y], ["(", /\(/y], ["-", /-/y], [")", /\)/y]
  ];
  var OPERATOR_TOKEN = /(?:or|and|div|mod)(?![A-Za-z0-9_-])|!=|=|<=|>=|<|>|\+|-|\*|\)|,/y;
  var LEVELS = {
    "or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6, "div": 6, "mod": 6
  };
  var IGNORED = /[ \t\r\n]*/y;

  function Lexer(source) { this.source = source; this.pos = 0; }
  Lexer.prototype.skip = function () {
    IGNORED.lastIndex = this.pos;
    IGNORED.exec(this.source);
    this.pos = IGNORED.lastIndex;
  };
  Lexer.prototype.token = function (type, text) {
    return { type: type, text: text, column: this.pos + 1, end: this.pos + text.length };
  };
  Lexer.prototype.peek = function (wantValue) {
    this.skip();
    if (this.pos >= this.source.length) return this.token("end", "");
    var patterns = wantValue ? VALUE_TOKENS : [["operator", OPERATOR_TOKEN]];
    for (var i = 0; i < patterns.length; i++) {
      patterns[i][1].lastIndex = this.pos;
      var match = patterns[i][1].exec(this.source);
      if (match) return this.token(wantValue ? patterns[i][0] : match[0], match[0]);
    }
    return this.token("unknown", this.source[this.pos]);
  };
  Lexer.prototype.take = function (token) { this.pos = token.end; return token; };
  Lexer.prototype.fail = function (token, wantValue) {
    if (token.type === "end") {
      var end = this.source.replace(/[ \t\r\n]+$/, "").length + 1;
      return ExpressionError(wantValue ? "the expression ends too early: a value is missing"
        : "a closing ')' is missing", end);
    }
    var rest = this.source.slice(this.pos), word = "'" + rest.split(/[ \t\r\n]/)[0] + "'";
    if ((token.text === "'" || token.text === '"') && rest.indexOf(token.text, 1) < 0) {
      return ExpressionError("the text starting with " + token.text + " is never closed",
        token.column);
    }
    if (rest.slice(0, 2) === "${" && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(rest)) {
      return ExpressionError("a reference is written ${code}, with letters, digits and _ only",
        token.column);
    }
    if (wantValue) {
      return ExpressionError("unexpected " + word + ": a value was expected here", token.column);
    }
    if (token.type !== "unknown") return ExpressionError("unexpected " + word, token.column);
    return ExpressionError("unexpected " + word +
      ": an operator (such as = or +) or a ',' is missing before it", token.column);
  };

  function Parser(source) { this.lexer = new Lexer(source); }
  Parser.prototype.expect = function (type, wantValue) {
    var token = this.lexer.peek(wantValue);
    if (token.type !== type) throw this.lexer.fail(token, wantValue);
    return this.lexer.take(token);
  };
  // Precedence climbing: each level parses the tighter level on both sides, left to right.
  Parser.prototype.binary = function (level) {
    if (level > 6) return this.unary();
    var left = this.binary(level + 1);
    for (;;) {
      var token = this.lexer.peek(false);
      if (LEVELS[token.type] !== level) return left;
      this.lexer.take(token);
      left = { type: "binary", operator: token.type, left: left, right: this.binary(level + 1),
        column: left.column };
    }
  };
  Parser.prototype.unary = function () {
    var token = this.lexer.peek(true);
    if (token.type === "-") {
      this.lexer.take(token);
      return { type: "negate", operand: this.unary(), column: token.column };
    }
    return this.primary();
  };
  Parser.prototype.primary = function () {
    var token = this.lexer.peek(true), text = token.text, node = { column: token.column };
    if (token.type === "function") return this.call(token);
    if (token.type === "(") {
      this.lexer.take(token);
      var inner = this.binary(1);  // parentheses leave no node: position((..)) is position(..)
      this.expect(")", false);
      return inner;
    }
    if (token.type === "number") { node.type = "literal"; node.value = Number(text); }
    else if (token.type === "string") { node.type = "literal"; node.value = text.slice(1, -1); }
    else if (token.type === "ref") { node.type = "ref"; node.name = text.slice(2, -1); }
    else if (token.type === "name") { node.type = "column"; node.name = text; }
    else if (token.type === ".") node.type = "current";
    else if (token.type === "..") node.type = "parent";
    else throw this.lexer.fail(token, true);
    this.lexer.take(token);
    return node;
  };
  Parser.prototype.call = function (token) {
    this.lexer.take(token);
    this.expect("(", true);
    var args = [], next = this.lexer.peek(true);
    if (next.type === ")") this.lexer.take(next);
    while (next.type !== ")") {
      args.push(this.binary(1));
      next = this.lexer.peek(false);
      if (next.type !== "," && next.type !== ")") throw this.lexer.fail(next, false);
      this.lexer.take(next);
    }
    return { type: "call", name: token.text, args: args, column: token.column };
  };

  // The checks the grammar cannot make (parser.py's _check); returns whether bare names occur.
  function check(node, references, allowColumns, insidePosition) {
    switch (node.type) {
      case "ref":
        if (references.indexOf(node.name) < 0) references.push(node.name);
        return false;
      case "column":
        if (!allowColumns) {
          throw ExpressionError("'" + node.name + "' is not a value: write ${" + node.name +
            "} to use the answer to question '" + node.name + "', or put text in quotes ('" +
            node.name + "')", node.column);
        }
        return true;
      case "parent":
        if (!insidePosition) {
          throw ExpressionError("'..' can only be used as position(..)", node.column);
        }
        return false;
      case "negate":
        return check(node.operand, references, allowColumns, false);
      case "binary":
        var left = check(node.left, references, allowColumns, false);
        return check(node.right, references, allowColumns, false) || left;
      case "call":
        var fn = has(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : null;
        if (!fn) {
          throw ExpressionError("unknown function " + node.name + "() (known: " +
            Object.keys(FUNCTIONS).sort().map(function (n) { return n + "()"; }).join(", ") + ")",
            node.column);
        }
        var count = node.args.length;
        if (count < fn.min || (fn.max !== null && count > fn.max)) {
          throw ExpressionError(node.name + "() takes " + arityText(fn) + ", not " + count,
            node.column);
        }
        if (node.name === "position" && node.args[0].type !== "parent") {
          throw ExpressionError("write position(..) for the number of the repeat item", node.column);
        }
        var used = false;
        node.args.forEach(function (arg) {
          used = check(arg, references, allowColumns, node.name === "position") || used;
        });
        return used;
    }
    return false;
  }
  function arityText(fn) {
    var plural = function (n) { return n + " argument" + (n !== 1 ? "s" : ""); };
    if (fn.max === fn.min) return fn.min === 0 ? "no argument" : plural(fn.min);
    if (fn.max === null) return "at least " + plural(fn.min);
    return fn.min + " to " + fn.max + " arguments";
  }

  function parse(source, allowColumns) {
    source = String(source);
    if (!strip(source)) throw ExpressionError("the expression is empty", 1);
    var parser = new Parser(source);
    var tree = parser.binary(1);
    parser.expect("end", false);
    var references = [];
    var usesColumns = check(tree, references, !!allowColumns, false);
    return { source: source, tree: tree, references: references, usesColumns: usesColumns };
  }

  // ---- Answers and environments -------------------------------------------------------

  // Each code in the answers and the repeats it sits in; the first place a code is seen wins.
  function inferScopes(answers, path, scopes) {
    path = path || [];
    scopes = scopes || new Map();
    if (!isDict(answers)) return scopes;
    Object.keys(answers).forEach(function (code) {
      var value = answers[code];
      if (!scopes.has(code)) scopes.set(code, path);
      if (Array.isArray(value) && value.length && value.every(isDict)) {
        var inner = path.concat([code]);
        value.forEach(function (item) {
          inferScopes(item, inner, new Map()).forEach(function (innerPath, innerCode) {
            if (!scopes.has(innerCode)) scopes.set(innerCode, innerPath);
          });
        });
      }
    });
    return scopes;
  }

  function utcToday() {
    var now = new Date();
    return new SDate(daysFromCivil(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()));
  }

  function toIndex(value) {
    var n = typeof value === "string" && /^\s*[+-]?[0-9]+\s*$/.test(value) ? Number(value)
      : typeof value === "number" || typeof value === "boolean" ? Math.trunc(Number(value)) : NaN;
    if (!isFinite(n)) throw new Error("a repeat item's number must be an integer: " + value);
    return n;
  }

  // answers, current and options as evaluate() takes them; scopes are worked out once here.
  function Environment(answers, current, options) {
    options = options || {};
    this.answers = isDict(answers) ? answers : {};
    this.current = current === undefined ? null : current;
    this.context = (options.context || []).map(function (step) {
      if (!Array.isArray(step) || step.length !== 2) {
        throw new Error("a context step is [repeat, number]");
      }
      return [String(step[0]), toIndex(step[1])];
    });
    this.choice = options.choice === undefined ? null : options.choice;
    var scopes = options.scopes;
    if (scopes instanceof Map) this.scopes = scopes;
    else if (scopes) {
      this.scopes = new Map(Object.keys(scopes).map(function (k) { return [k, scopes[k]]; }));
    }
    else this.scopes = inferScopes(this.answers);
    var repeats = this.repeatCodes = new Set();
    this.scopes.forEach(function (path) { path.forEach(function (code) { repeats.add(code); }); });
    if (options.today instanceof SDate) this.today = options.today;
    else if (options.today) {
      this.today = parseDate(String(options.today));
      if (!this.today) throw new Error("today must be a date YYYY-MM-DD: " + options.today);
    } else this.today = utcToday();
  }

  // The answers object, then each repeat item of the context, outermost first.
  Environment.prototype.itemsAlongContext = function () {
    var chain = [this.answers];
    this.context.forEach(function (step) {
      var items = get(chain[chain.length - 1], step[0]), index = step[1];
      var item = Array.isArray(items) && index > 0 && index <= items.length ? items[index - 1] : {};
      chain.push(isDict(item) ? item : {});
    });
    return chain;
  };

  // ${name} as XLSForm reads it: the answer of the current item for a question of a repeat
  // the context is inside, every item's answer (a node set) for one of a repeat it is not.
  Environment.prototype.resolve = function (name) {
    var scope = this.scopes.get(name);
    if (scope === undefined) return "";
    var chain = this.itemsAlongContext(), context = this.context, shared = 0;
    while (shared < scope.length && shared < context.length && context[shared][0] === scope[shared]) {
      shared++;
    }
    var isRepeat = this.repeatCodes.has(name);
    var listOf = function (holder, code) {
      var list = get(holder, code);
      return Array.isArray(list) ? list : [];
    };
    if (shared === scope.length) {
      var value = get(chain[shared], name);
      if ((value === undefined || value === null) && isRepeat) return new NodeSet([]);
      return fromAnswer(value);
    }
    var holders = [chain[shared]];
    scope.slice(shared).forEach(function (code) {
      var next = [];
      holders.forEach(function (holder) {
        listOf(holder, code).forEach(function (item) { if (isDict(item)) next.push(item); });
      });
      holders = next;
    });
    var items = [];
    holders.forEach(function (holder) {
      if (isRepeat) items.push.apply(items, listOf(holder, name));
      else items.push(fromAnswer(get(holder, name)));
    });
    return new NodeSet(items);
  };

  // ---- Evaluation ---------------------------------------------------------------------

  function value(node, env) {
    switch (node.type) {
      case "literal": return node.value;
      case "ref": return env.resolve(node.name);
      case "current": return fromAnswer(env.current);
      case "column":
        if (env.choice === null) {
          throw new Error("'" + node.name + "': bare names are only for choice filters");
        }
        return toString(fromAnswer(isDict(env.choice) ? get(env.choice, node.name) : undefined));
      case "parent": throw new Error("'..' can only be used as position(..)");
      case "negate": return -toNumber(value(node.operand, env));
      case "call":
        var thunks = node.args.map(function (arg) {
          return function () { return value(arg, env); };
        });
        return FUNCTIONS[node.name].run(env, thunks);
      case "binary": return binary(node, env);
    }
    throw new Error("cannot evaluate " + node.type);
  }

  function binary(node, env) {
    var op = node.operator;
    if (op === "or") return toBoolean(value(node.left, env)) || toBoolean(value(node.right, env));
    if (op === "and") return toBoolean(value(node.left, env)) && toBoolean(value(node.right, env));
    var left = value(node.left, env), right = value(node.right, env);
    if (LEVELS[op] <= 4) return compare(op, left, right);
    return arithmetic(op, toNumber(left), toNumber(right));
  }

  // JavaScript's / and % already are XPath's div and mod: x/0 is ±Infinity or NaN, and %
  // keeps the sign of the left side, gives NaN for x%0 and Infinity%y, and x for x%Infinity.
  function arithmetic(op, a, b) {
    if (op === "+") return a + b;
    if (op === "-") return a - b;
    if (op === "*") return a * b;
    if (op === "div") return a / b;
    return a % b;
  }

  function isNumberLike(v) { return typeof v === "number" || v instanceof SDate; }

  // XPath 1.0: node sets compare "any of"; then booleans, numbers (and dates), text.
  function compare(op, left, right) {
    if (left instanceof NodeSet) {
      return left.items.some(function (item) { return !isDict(item) && compare(op, item, right); });
    }
    if (right instanceof NodeSet) {
      return right.items.some(function (item) { return !isDict(item) && compare(op, left, item); });
    }
    if (op === "=" || op === "!=") {
      var equal;
      if (typeof left === "boolean" || typeof right === "boolean") {
        equal = toBoolean(left) === toBoolean(right);
      } else if (isNumberLike(left) || isNumberLike(right)) {
        equal = toNumber(left) === toNumber(right);
      } else {
        equal = toString(left) === toString(right);
      }
      return op === "=" ? equal : !equal;
    }
    var a = toNumber(left), b = toNumber(right);
    if (op === "<") return a < b;
    if (op === "<=") return a <= b;
    if (op === ">") return a > b;
    return a >= b;
  }

  // Python's re (with re.ASCII) as a JavaScript RegExp with the "u" flag. The server's
  // meanings win where they differ: \s is ASCII space, . and $ treat only \n as a line end,
  // \A \Z (?P<n>...) {,n} and escaped punctuation work; escapes Python rejects are errors.
  var SYNTAX = "^$\\.*+?()[]{}|/";
  function translatePattern(pattern) {
    var flags = "u", out = "", i = 0, inClass = false, multiline = false, dotall = false;
    var lead = /^(?:\(\?[aimsLux]+\))+/.exec(pattern);
    if (lead) {
      if (/[Lux]/.test(lead[0])) throw new Error("the flags " + lead[0] + " are not supported");
      if (lead[0].indexOf("i") >= 0) flags += "i";
      multiline = lead[0].indexOf("m") >= 0;
      dotall = lead[0].indexOf("s") >= 0;
      i = lead[0].length;
    }
    var bad = function (what) { throw new Error(what + " at position " + i); };
    while (i < pattern.length) {
      var c = pattern[i++];
      if (c === "\\") {
        if (i >= pattern.length) bad("bad escape (end of pattern)");
        var e = pattern[i++], hex;
        if (!/[A-Za-z0-9]/.test(e)) {
          out += SYNTAX.indexOf(e) >= 0 || (inClass && e === "-") ? "\\" + e : e;
        } else if (e === "s") out += inClass ? "\\t\\n\\v\\f\\r " : "[\\t\\n\\v\\f\\r ]";
        else if (e === "S") out += inClass ? "\\x00-\\x08\\x0e-\\x1f!-\\u{10FFFF}" : "[^\\t\\n\\v\\f\\r ]";
        else if ("dDwWfnrtv".indexOf(e) >= 0 || e === "b") out += "\\" + e;
        else if (!inClass && e === "B") out += "(?!(?<![\\s\\S])(?![\\s\\S]))\\B";  // not in ''
        else if (!inClass && e === "A") out += "(?<![\\s\\S])";
        else if (!inClass && e === "Z") out += "(?![\\s\\S])";
        else if (e === "a") out += "\\x07";
        else if (e === "x" || e === "u" || e === "U") {
          var width = e === "x" ? 2 : e === "u" ? 4 : 8;
          hex = pattern.substr(i, width);
          if (!new RegExp("^[0-9A-Fa-f]{" + width + "}$").test(hex) || parseInt(hex, 16) > 0x10FFFF) {
            bad("bad escape \\" + e);
          }
          out += "\\u{" + hex + "}";
          i += width;
        } else if (e === "0" || (inClass && /[0-7]/.test(e)) ||
            /^[0-7]{3}/.test(e + pattern.substr(i, 2))) {
          // Python's octal escapes: \0 and up to two more digits, any three octal digits, or in
          // a class any octal digit and up to two more.
          var octal = e + /^[0-7]{0,2}/.exec(pattern.substr(i, 2))[0];
          i += octal.length - 1;
          if (parseInt(octal, 8) > 255) bad("octal escape value \\" + octal + " is above 0o377");
          out += "\\u{" + parseInt(octal, 8).toString(16) + "}";
        } else if (/[1-9]/.test(e) && !inClass) {
          var group = e + (/[0-9]/.test(pattern[i] || "") ? pattern[i++] : "");
          out += "(?:\\" + group + ")";  // at most two digits, as in Python
        } else bad("bad escape \\" + e);
      } else if (inClass) {
        if (c === "]") inClass = false;
        out += c;
      } else if (c === "[") {
        inClass = true;
        out += "[";
        if (pattern[i] === "^") { out += "^"; i++; }
        if (pattern[i] === "]") { out += "\\]"; i++; }  // a leading ] is literal in Python
      } else if (c === ".") out += dotall ? "[\\s\\S]" : "[^\\n]";
      else if (c === "^") out += multiline ? "(?<![^\\n])" : "^";
      else if (c === "$") out += multiline ? "(?![^\\n])" : "(?=\\n?(?![\\s\\S]))";
      else if (c === "{") {
        var repeat = /^(\d*)(?:(,)(\d*))?\}/.exec(pattern.slice(i));
        if (repeat && (repeat[1] || repeat[2])) {
          out += "{" + (repeat[1] || "0") + (repeat[2] ? "," + repeat[3] : "") + "}";
          i += repeat[0].length;
        } else out += "\\{";
      } else if (c === "}" || c === "]") out += "\\" + c;  // literal in Python, errors here
      else if (c === "(" && /^\?<[^=!]/.test(pattern.substr(i, 3))) bad("unknown extension ?<");
      else if (c === "(" && pattern.substr(i, 3) === "?P<") { out += "(?<"; i += 3; }
      else if (c === "(" && pattern.substr(i, 3) === "?P=") {
        var close = pattern.indexOf(")", i);
        if (close < 0) bad("missing ), unterminated name");
        out += "\\k<" + pattern.slice(i + 3, close) + ">";
        i = close + 1;
      } else if (c === "(" && pattern.substr(i, 2) === "?#") {
        var end = pattern.indexOf(")", i);
        if (end < 0) bad("missing ), unterminated comment");
        i = end + 1;
      } else out += c;
    }
    return new RegExp(out, flags);
  }

  function regex(text, pattern) {
    var compiled;
    try {
      compiled = translatePattern(pattern);
    } catch (error) {
      throw new Error("regex(): '" + pattern + "' is not a valid pattern (" + error.message +
        ")");
    }
    return compiled.test(text);
  }

  function fn(min, max, run) { return { min: min, max: max, run: run }; }
  var FUNCTIONS = {
    "selected": fn(2, 2, function (env, args) {
      return words(toString(args[0]())).indexOf(strip(toString(args[1]()))) >= 0;
    }),
    "count-selected": fn(1, 1, function (env, args) { return words(toString(args[0]())).length; }),
    "count": fn(1, 1, function (env, args) {
      var v = args[0]();
      if (v instanceof NodeSet) return v.items.length;
      return toString(v) === "" ? 0 : 1;
    }),
    "sum": fn(1, 1, function (env, args) {
      var v = args[0](), items = v instanceof NodeSet ? v.items : [v], total = 0;
      for (var i = 0; i < items.length; i++) {
        if (isDict(items[i])) return NaN;
        if (typeof items[i] === "string" && strip(items[i]) === "") continue;  // blanks add nothing
        total += toNumber(items[i]);
      }
      return total;
    }),
    "string-length": fn(1, 1, function (env, args) { return Array.from(toString(args[0]())).length; }),
    "regex": fn(2, 2, function (env, args) { return regex(toString(args[0]()), toString(args[1]())); }),
    "if": fn(3, 3, function (env, args) { return toBoolean(args[0]()) ? args[1]() : args[2](); }),
    "coalesce": fn(2, null, function (env, args) {
      for (var i = 0; i < args.length - 1; i++) {
        var v = args[i]();
        if (toString(v) !== "") return v;
      }
      return args[args.length - 1]();
    }),
    "concat": fn(1, null, function (env, args) {
      return args.map(function (arg) { return toString(arg()); }).join("");
    }),
    "today": fn(0, 0, function (env) { return env.today; }),
    "date": fn(1, 1, function (env, args) { return toDate(args[0]()); }),
    "int": fn(1, 1, function (env, args) {
      var n = toNumber(args[0]());
      return isFinite(n) ? Math.trunc(n) + 0 : n;  // + 0: Python's trunc has no -0
    }),
    "number": fn(1, 1, function (env, args) { return toNumber(args[0]()); }),
    "position": fn(1, 1, function (env) {
      if (!env.context.length) throw new Error("position(..) is only meaningful inside a repeat");
      return env.context[env.context.length - 1][1];
    }),
    "not": fn(1, 1, function (env, args) { return !toBoolean(args[0]()); }),
    "string": fn(1, 1, function (env, args) { return toString(args[0]()); }),
    "boolean": fn(1, 1, function (env, args) { return toBoolean(args[0]()); }),
    "true": fn(0, 0, function () { return true; }),
    "false": fn(0, 0, function () { return false; })
  };

  // ---- Public API ---------------------------------------------------------------------

  var cache = new Map();
  function parseCached(source, allowColumns) {
    var key = (allowColumns ? "c:" : "v:") + source;
    var parsed = cache.get(key);
    if (!parsed) {
      if (cache.size > 2000) cache.clear();
      parsed = parse(source, allowColumns);
      cache.set(key, parsed);
    }
    return parsed;
  }

  function environment(env) {
    if (env instanceof Environment) return env;
    env = env || {};
    return new Environment(env.answers, env.current, env);
  }

  // The raw value (a string, number, boolean, date or node set), for toBoolean() and such.
  function evaluateValue(parsed, env) {
    env = environment(env);
    if (typeof parsed === "string") parsed = parseCached(parsed, env.choice !== null);
    return value(parsed.tree, env);
  }

  function evaluateParsed(parsed, env) { return toJson(evaluateValue(parsed, env)); }

  function evaluate(expr, answers, current, options) {
    var env = new Environment(answers, current, options);
    return toJson(value(parseCached(String(expr), env.choice !== null).tree, env));
  }

  return {
    evaluate: evaluate,
    parse: parse,
    evaluateParsed: evaluateParsed,
    evaluateValue: evaluateValue,
    Environment: Environment,
    inferScopes: inferScopes,
    toBoolean: toBoolean,
    toNumber: toNumber,
    toString: toString,
    toJson: toJson,
    FUNCTIONS: FUNCTIONS
  };
});
