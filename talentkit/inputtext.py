"""Input errors in the reader's language.

The parser writes each problem once, in English, ending in its field path
(``expected a date (YYYY-MM-DD) @ $.person.birth_date``): that is what the API returns and
what the tests pin. :func:`message_in` reads such a message back by its shape and writes
it in Chinese (``应为日期（YYYY-MM-DD）``); values, keys and paths stay as the input wrote
them. A message of a shape not known here stays in English rather than half translated.

``talentkit check --lang zh`` and the errors file of ``talentkit batch --lang zh`` both
go through here, so a problem reads the same in both; so do a bad parameter override
(``--params``, the API's ``overrides``), an unknown programme, an award's history that
names no funding line or exit rule (:mod:`talentkit.ledger`), and the web's problems (their
titles too), a web batch job's error rows and why a job failed, asked for in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from talentkit.text import Lang

#: a field path as messages write it (``$.facts['a b']``, ``$.team.members[3].role``)
_PATH = re.compile(
    r"\$(?:\[(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\]'\"]*)\]|[^\s;\[\]'\",])*"
)


def split_error(text: str) -> tuple[str, str] | None:
    """(message, field path) of ``"<message> @ <path><rest>"``, the message keeping the
    rest. A quoted key may hold spaces, ``;`` or even `` @ $`` (``$.facts['my field']``),
    so the path is the first one outside a quoted key, and it runs to the end of its last
    bracket."""
    candidates = [m.start() for m in re.finditer(r" @ \$", text)]
    outside = [i for i in candidates if not _in_quotes(text[:i])]
    for start in outside or candidates:
        m = _PATH.match(text, start + 3)
        if m:
            return text[:start] + text[m.end() :], m.group(0)
    return None


def _in_quotes(prefix: str) -> bool:
    quote = ""
    escaped = False
    for ch in prefix:
        if escaped:
            escaped = False
        elif quote and ch == "\\":
            escaped = True
        elif quote and ch == quote:
            quote = ""
        elif not quote and ch in "'\"":
            quote = ch
    return bool(quote)


def error_in(text: str, lang: Lang) -> str:
    """A whole error (``<message> @ <path>``) in ``lang``; the path is kept as written."""
    if lang == "en":
        return text
    split = split_error(text)
    if split is None:
        return message_in(text, lang)
    message, path = split
    return f"{message_in(message, lang)} @ {path}"


def message_in(message: str, lang: Lang) -> str:
    """An error message without its path in ``lang`` (English as written)."""
    if lang == "en":
        return message
    return chinese(message) or message


def chinese(message: str) -> str | None:
    """The Chinese of an English input-error message, or None for a shape not known."""
    for pattern, write in _SHAPES:
        m = pattern.fullmatch(message)
        if m is not None:
            found = write(m)
            if found is not None:
                return found
    return None


# --- what a value should be ---------------------------------------------------------

#: the English of ``expected <what>`` (parser, declared facts, money, flat columns,
#: cohorts) and its Chinese
_WHAT = {
    "a date (YYYY-MM-DD)": "日期（YYYY-MM-DD）",
    "a date without time": "日期（不含时间）",
    "a date YYYY-MM-DD": "日期（YYYY-MM-DD）",
    "an object": "对象（键值对）",
    "an integer": "整数",
    "an integer within 64 bits (±9,223,372,036,854,775,807)": (
        "不超出 64 位的整数（±9,223,372,036,854,775,807）"
    ),
    "a whole number": "整数",
    "a string": "字符串",
    "a non-empty string": "非空字符串",
    "true or false": "true 或 false",
    "a table": "表（键值对）",
    "a list": "列表",
    "a list of strings": "字符串列表",
    "a list of dates (YYYY-MM-DD)": "日期列表（YYYY-MM-DD）",
    "an amount in yuan with at most two decimals": "以元计、至多两位小数的金额",
    'an amount in yuan with at most two decimals (e.g. 1000000 or "999999.99")': (
        '以元计、至多两位小数的金额（如 1000000 或 "999999.99"）'
    ),
    "an amount in yuan (a whole number, or text with at most 2 decimals)": (
        "以元计的金额（整数，或至多两位小数的文本）"
    ),
    "an amount of at least 0 yuan": "不小于 0 元的金额",
    "an amount within 64-bit fen": "以分计不超出 64 位整数的金额",
    "an amount within 64-bit fen (±92,233,720,368,547,758.07)": (
        "以分计不超出 64 位整数的金额（±92,233,720,368,547,758.07 元）"
    ),
    "an exact decimal number such as 999.5": "精确的十进制数（如 999.5）",
    'an exact fraction such as "1/3"': '精确的分数（如 "1/3"）',
    "a fraction (1/3, 0.25 or 30%)": "分数（1/3、0.25 或 30%）",
    'a number such as 85, 85.5 or "171/2"': '数值（如 85、85.5 或 "171/2"）',
    "[[subject]] tables only": "只有 [[subject]] 表",
    "a list of [[subject]] tables": "[[subject]] 表的列表",
    # the column types of the flat batch layout
    "text": "文本",
    "date": "日期",
    "bool": "true 或 false",
    "int": "整数",
    "yuan": "以元计的金额",
    "fraction": "分数",
    "decimal": "十进制数",
    "record": "记录",
    "list of records": "记录列表",
    "list of text": "文本列表",
    "list of date": "日期列表",
    # what a parameter override should be (talentkit.params)
    'an exact fraction as a string such as "1/3" or "3%"': (
        '以字符串写的精确分数（如 "1/3" 或 "3%"）'
    ),
    'an ISO 8601 period such as P3Y, or "unlimited"': 'ISO 8601 期间（如 P3Y）或 "unlimited"',
    "an ISO 8601 period such as P2Y": "ISO 8601 期间（如 P2Y）",
    "a count of 0 or more": "不小于 0 的计数",
    "a non-negative amount in yuan within 64-bit fen": (
        "以元计、不小于 0 且以分计不超出 64 位整数的金额"
    ),
    "a share between 0 and 1": "0 至 1 之间的份额",
    # a web batch job's upload
    "a .jsonl, .csv, .xlsx or .parquet file": ".jsonl、.csv、.xlsx 或 .parquet 文件",
}

#: what money messages add after what they expected
_REMARKS = {
    " (at most two decimals: fen)": "（至多两位小数，即到分）",
    " (a number this large must be given as a string)": "（这么大的数须写成字符串）",
    ' or {"fen": <integer>, "yuan": "<decimal>"}': ' 或 {"fen": <整数>, "yuan": "<小数>"}',
}


def _what(text: str) -> str | None:
    remarks = ""
    while True:
        for english, zh in _REMARKS.items():
            if text.endswith(english):
                text, remarks = text.removesuffix(english), zh + remarks
                break
        else:
            break
    found = _WHAT.get(text)
    return None if found is None else found + remarks


def _parameter_what(text: str) -> str | None:
    """What a parameter override should be: the table above, a closed set, or a range."""
    if text.startswith("one of "):
        return "以下之一：" + text.removeprefix("one of ")
    bounds = re.fullmatch(r"a value from (?P<low>\S+) to (?P<high>\S+)", text)
    if bounds is not None:
        return f"{bounds['low']} 至 {bounds['high']} 之间的值"
    return _what(text)


def _parameter_expected(m: re.Match[str]) -> str | None:
    """``expected <what> @ overrides: <key> (<citation>), got <value>``: the override's key
    and the citation of its range stay as written."""
    what = _parameter_what(m["what"])
    if what is None:
        return None
    cite = f"（{m['cite']}）" if m["cite"] else ""
    space = " " if what[0].isascii() else ""
    return f"应为{space}{what} @ {m['where']}{cite}，实际为 {m['got']}"


def _expected(m: re.Match[str]) -> str | None:
    what = _what(m["what"])
    if what is None:
        return None
    out = f"应为 {what}" if what[0].isascii() else f"应为{what}"
    if m["values"]:
        out += f"，取值为 {m['values']}"
    got = m["got"] or m["got2"]
    return out + (f"，实际为 {got}" if got else "")


# --- the other shapes -----------------------------------------------------------------


def _hints(text: str) -> str:
    """``name (did you mean x?)`` as ``name（是否应为 x？）``."""
    return re.sub(r" \(did you mean ([^()]+?)\?\)", r"（是否应为 \1？）", text)


#: what Python's JSON reader says is wrong, and where (line, column, character)
_JSON_PROBLEMS = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为双引号括起的键名",
    "Expecting ',' delimiter": "此处应为逗号 ,",
    "Expecting ':' delimiter": "此处应为冒号 :",
    "Extra data": "值之后还有多余内容",
    "Unterminated string starting at": "未结束的字符串（缺少结束引号）",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义序列",
}
_JSON_AT = re.compile(r"(?P<problem>.+): line (?P<line>\d+) column (?P<column>\d+) \(char \d+\)")


def _json_detail(detail: str) -> str:
    """A JSON reader's ``Expecting value: line 1 column 9 (char 8)`` in Chinese, where known."""
    m = _JSON_AT.fullmatch(detail)
    if m is None or m["problem"] not in _JSON_PROBLEMS:
        return detail
    return f"{_JSON_PROBLEMS[m['problem']]}（第 {m['line']} 行第 {m['column']} 列）"


def _read_failure(why: str) -> str:
    """Why a file could not be read: a known shape in Chinese, the reader's own words
    (the system's, the TOML reader's) as they are."""
    if why == "nested too deeply":
        return "嵌套过深"
    return chinese(why) or why


def _maybe(m: re.Match[str]) -> str:
    return f"；是否应为 {m['close']}？" if m["close"] else ""


def _none(listed: str, empty: str) -> str:
    """A list of names as written, or 无 for the word the message writes when it is empty."""
    return "无" if listed == empty else listed


#: the titles of the web's problems (RFC 9457 lets a title change with the language; a
#: client tells problems apart by their ``type``)
_TITLES = {
    "invalid input": "输入无效",
    "invalid parameter": "参数无效",
    "unknown programme": "未知项目",
    "calendar not known": "日历未知",
    "a plugin's hook failed": "插件的钩子出错",
    "unknown document": "未知政策文件",
    "no grading scheme": "无等次评定办法",
    "unknown job": "未知任务",
    "too many jobs": "任务过多",
    "job not done": "任务尚未完成",
    "request too large": "请求过大",
    "bad request": "请求有误",
    "unauthorised": "未授权",
    "not found": "未找到",
    "method not allowed": "不允许的请求方法",
    "error": "错误",
    "internal error": "内部错误",
}

_SCOPES = {
    "profile": "申报材料本身",
    "person": "申报人",
    "organisation": "单位",
    "team": "团队",
    "application": "申报",
    "award": "所获支持",
    "event": "变动事项",
}

_GOT = r"(?:, got (?P<got>.+)| \(got (?P<got2>[^()]+)\))?"
_CLOSE = r"(?:; did you mean (?P<close>.+)\?)?"
_Write = Callable[[re.Match[str]], "str | None"]

_SHAPES: list[tuple[re.Pattern[str], _Write]] = [
    (
        re.compile(
            r"expected (?P<what>.+?) @ (?P<where>[^@,()]+?)(?: \((?P<cite>[^()]+)\))?, "
            r"got (?P<got>.+)"
        ),
        _parameter_expected,
    ),
    (
        re.compile(r"unknown parameter (?P<key>'.*?') in overrides" + _CLOSE),
        lambda m: f"覆盖值中有未知参数 {m['key']}{_maybe(m)}",
    ),
    (
        re.compile(r"cannot read override file (?P<path>.+?): (?P<why>.+)", re.S),
        lambda m: f"无法读取参数覆盖文件 {m['path']}：{_read_failure(m['why'])}",
    ),
    (
        re.compile(
            r"unexpected top-level keys (?P<keys>\[.*\]) in (?P<path>.+); "
            r"put values under \[params\]"
        ),
        lambda m: f"{m['path']} 中有意外的顶层键 {m['keys']}；取值应写在 [params] 之下",
    ),
    (
        re.compile(r"no programme (?P<name>'.*?')" + _CLOSE),
        lambda m: f"没有项目 {m['name']}{_maybe(m)}",
    ),
    (re.compile(r"required field missing"), lambda m: "缺少必填字段"),
    (re.compile(r"unknown field\(s\) (?P<names>.+)"), lambda m: f"未知字段：{_hints(m['names'])}"),
    (
        re.compile(r"expected a date between (?P<low>\S+) and (?P<high>\S+)" + _GOT),
        lambda m: (
            f"应为 {m['low']} 至 {m['high']} 之间的日期"
            + (f"，实际为 {m['got'] or m['got2']}" if m["got"] or m["got2"] else "")
        ),
    ),
    (
        re.compile(r"expected one of (?P<values>.+?)" + _GOT),
        lambda m: (
            f"应为以下之一：{m['values']}"
            + (f"，实际为 {m['got'] or m['got2']}" if m["got"] or m["got2"] else "")
        ),
    ),
    (
        re.compile(r"expected fen and yuan to agree \(fen (?P<fen>[^,]+), yuan (?P<yuan>.+)\)"),
        lambda m: f"fen 与 yuan 应一致（fen {m['fen']}，yuan {m['yuan']}）",
    ),
    # an award's history (talentkit.ledger)
    (
        re.compile(r"expected a date on or after the event's date (?P<date>\S+)"),
        lambda m: f"应为不早于该事项日期 {m['date']} 的日期",
    ),
    (
        re.compile(
            r"expected the year of a payment of (?P<item>\S+) \((?P<years>[^()]*)\), "
            r"got (?P<got>.+)"
        ),
        lambda m: f"应为 {m['item']} 的支付年度（{m['years']}），实际为 {m['got']}",
    ),
    (re.compile(r"expected (?P<what>.+?)(?: from (?P<values>\{[^{}]*\}))?" + _GOT), _expected),
    (
        re.compile(
            r"undeclared fact (?P<name>'.*'); no installed plugin declares it "
            r"\(see `talentkit schema`\)"
        ),
        lambda m: f"未声明的事实 {m['name']}：已安装的插件均未声明（见 `talentkit schema`）",
    ),
    (
        re.compile(r"fact (?P<name>'.*') belongs to the (?P<scope>\w+)"),
        lambda m: (
            f"事实 {m['name']} 属于{_SCOPES[m['scope']]}（{m['scope']}），不应写在此处"
            if m["scope"] in _SCOPES
            else None
        ),
    ),
    (
        re.compile(
            r"duplicate (?P<ident>\w+ .+?)(?: in (?P<within>\w+ .+?))?"
            r" \(first at (?P<first>\$[^()]*)\)"
        ),
        lambda m: (
            f"重复的 {m['ident']}"
            + (f"（同为 {m['within']}）" if m["within"] else "")
            + f"，首次出现于 {m['first']}"
        ),
    ),
    (
        re.compile(r"subject (?P<name>'.*') appears twice \(first at (?P<first>\$[^()]*)\)"),
        lambda m: f"对象 {m['name']} 重复出现，首次出现于 {m['first']}",
    ),
    (
        re.compile(r"no programme asks for an attestation (?P<key>'.*?')" + _CLOSE),
        lambda m: f"没有项目要求审核确认 {m['key']}{_maybe(m)}",
    ),
    (
        re.compile(r"no rule (?P<key>'.*?') is decided by a panel or authority" + _CLOSE),
        lambda m: f"没有由评审组或主管部门决定的规则 {m['key']}{_maybe(m)}",
    ),
    (
        re.compile(
            r"rule (?P<key>'.*') cannot be waived: its clause is not worded "
            r"(?P<words>「一般」/「原则上」/「可适当放宽」)"
        ),
        lambda m: f"规则 {m['key']} 不可放宽：其条文没有{m['words']}的措辞",
    ),
    (
        re.compile(r"no rule (?P<key>'.*?') can be waived" + _CLOSE),
        lambda m: f"没有可放宽的规则 {m['key']}{_maybe(m)}",
    ),
    (
        re.compile(
            r"unknown funding line (?P<key>'.*?')" + _CLOSE + r" \(programme (?P<programme>\S+) "
            r"pays: (?P<ids>.*)\)"
        ),
        lambda m: (
            f"未知的资助项 {m['key']}{_maybe(m)}（项目 {m['programme']} 的资助项："
            f"{_none(m['ids'], 'nothing')}）"
        ),
    ),
    (
        re.compile(
            r"no exit rule of programme (?P<programme>\S+) answers an event of kind "
            r"(?P<key>'.*?')" + _CLOSE + r" \(kinds: (?P<kinds>.*)\)"
        ),
        lambda m: (
            f"项目 {m['programme']} 没有处理 {m['key']} 类变动事项的退出规则{_maybe(m)}"
            f"（可处理的类型：{_none(m['kinds'], 'none')}）"
        ),
    ),
    (
        re.compile(r"unknown programme (?P<name>'.*?')" + _CLOSE),
        lambda m: f"未知项目 {m['name']}{_maybe(m)}",
    ),
    # the web's problems: their titles, and what they say about requests and batch jobs
    *((re.compile(re.escape(en)), lambda m, zh=zh: zh) for en, zh in _TITLES.items()),
    (re.compile(r"no job (?P<id>'.*')"), lambda m: f"没有任务 {m['id']}"),
    (re.compile(r"no such resource: (?P<path>\S+)"), lambda m: f"没有这一资源：{m['path']}"),
    (
        re.compile(r"(?P<method>[A-Z]+) is not allowed on (?P<path>\S+)"),
        lambda m: f"{m['path']} 不接受 {m['method']} 请求",
    ),
    (
        re.compile(r"no document (?P<id>'.*?')" + _CLOSE),
        lambda m: f"没有政策文件 {m['id']}{_maybe(m)}",
    ),
    (
        re.compile(r"programme (?P<id>\S+) has no grading scheme"),
        lambda m: f"项目 {m['id']} 没有等次评定办法",
    ),
    (re.compile(r"no (?P<which>'.*') file"), lambda m: f"没有 {m['which']} 文件"),
    (
        re.compile(r"(?P<n>\d+) jobs are kept at once; download and delete one, or wait"),
        lambda m: f"最多同时保留 {m['n']} 个任务；请下载并删除其中一个，或稍候",
    ),
    (
        re.compile(r"job (?P<id>\w+) is (?P<status>running|failed)"),
        lambda m: f"任务 {m['id']} " + ("仍在运行" if m["status"] == "running" else "已失败"),
    ),
    (re.compile(r"the file is too large"), lambda m: "文件过大"),
    (
        re.compile(r"unknown file format (?P<name>'.*'); use \.jsonl, \.csv, \.xlsx or \.parquet"),
        lambda m: f"未知的文件格式 {m['name']}；请使用 .jsonl、.csv、.xlsx 或 .parquet 文件",
    ),
    (
        re.compile(r"a bearer token is needed: Authorization: Bearer …"),
        lambda m: "需要持有者令牌：Authorization: Bearer …",
    ),
    (
        re.compile(r"the server could not answer; the error is in its log"),
        lambda m: "服务器未能作答；错误已记入服务器日志",
    ),
    (re.compile(r"name at least one result column"), lambda m: "请至少指明一个结果列"),
    (
        re.compile(r"wide results hold the verdict alone; columns asked for: (?P<names>.*)"),
        lambda m: f"宽表结果只含结论；所请求的列：{m['names']}",
    ),
    (
        re.compile(
            r"unknown result column (?P<name>'.*?')(?: \(did you mean (?P<close>'.*?')\?\))?; "
            r"expected some of (?P<names>.+)"
        ),
        lambda m: (
            f"未知的结果列 {m['name']}"
            + (f"（是否应为 {m['close']}？）" if m["close"] else "")
            + f"；应为以下各列中的若干列：{m['names']}"
        ),
    ),
    (
        re.compile(r"stopped after (?P<seconds>\S+) s \(the job time limit\)"),
        lambda m: f"运行 {m['seconds']} 秒后被停止（任务时限）",
    ),
    (re.compile(r"the batch run stopped unexpectedly"), lambda m: "批量运行意外中止"),
    (re.compile(r"the batch run failed: (?P<kind>\w+)"), lambda m: f"批量运行失败：{m['kind']}"),
    # the web pages' forms
    (
        re.compile(r"no case given: fill in the form, upload a file or paste one"),
        lambda m: "未给出案例：请填写表单、上传文件或粘贴案例",
    ),
    (re.compile(r"choose a parameter"), lambda m: "请选择参数"),
    (re.compile(r"choose a file"), lambda m: "请选择文件"),
    (re.compile(r"nested more than (?P<n>\d+) levels deep"), lambda m: f"嵌套超过 {m['n']} 层"),
    (
        re.compile(r"not valid (?P<kind>JSON|TOML): (?P<why>.+)"),
        lambda m: f"不是有效的 {m['kind']}：{_json_detail(m['why'])}",
    ),
    (re.compile(r"cannot read file: (?P<why>.+)"), lambda m: f"无法读取文件：{m['why']}"),
    (
        re.compile(
            r"a binary file, not text \(it contains (?P<what>NUL bytes|control characters)\)"
        ),
        lambda m: (
            "是二进制文件，不是文本（含有"
            + (" NUL 字节" if m["what"] == "NUL bytes" else "控制字符")
            + "）"
        ),
    ),
    (
        re.compile(
            r"not UTF-8 text and not Chinese GBK/GB18030 text; if it is text, give its encoding "
            r"with --encoding \(e\.g\. --encoding gb18030\)"
        ),
        lambda m: (
            "既不是 UTF-8 文本，也不是中文 GBK/GB18030 文本；如确为文本，请用 --encoding "
            "指明其编码（如 --encoding gb18030）"
        ),
    ),
    (
        re.compile(
            r"not valid (?P<name>\S+) text at line (?P<line>\d+) \(byte (?P<byte>\d+)\); "
            r"give the file's encoding with --encoding"
        ),
        lambda m: (
            f"第 {m['line']} 行不是有效的 {m['name']} 文本（第 {m['byte']} 字节）；"
            "请用 --encoding 指明文件的编码"
        ),
    ),
    (
        re.compile(r"bytes that are not valid text in the file's encoding"),
        lambda m: "含有不符合文件编码的字节",
    ),
    (
        re.compile(r"key (?P<key>\".*\") given twice"),
        lambda m: f"键 {m['key']} 出现了两次",
    ),
    (
        re.compile(r"not valid text: a lone UTF-16 surrogate \((?P<code>\\u[0-9a-f]{4})\)"),
        lambda m: f"不是有效文本：含有不成对的 UTF-16 代理项（{m['code']}）",
    ),
    (
        re.compile(
            r"(?P<cells>\d+) cell\(s\) beyond the (?P<columns>\d+) column\(s\) of the header"
        ),
        lambda m: f"多出 {m['cells']} 个单元格，超出表头的 {m['columns']} 列",
    ),
    (
        re.compile(r"columns do not match the profile layout: (?P<why>.+)", re.S),
        lambda m: f"列与申报材料的结构不符：{m['why']}",
    ),
    (
        re.compile(
            r"(?:(?P<programme>[\w.]+): )?(?P<year>\d+) is outside the official holiday calendar "
            r"known to this installation \((?P<years>[^()]*)\); upgrade the 'holidays' package "
            r"or allow weekends-only counting \(--assume-calendar\)"
        ),
        lambda m: (
            (f"{m['programme']}：" if m["programme"] else "")
            + f"{m['year']} 年不在本安装已知的官方节假日日历"
            f"（{m['years']}）之内；请升级 holidays 包，或允许只按周末计算（--assume-calendar）"
        ),
    ),
]

# --- what a batch run says about its files: ``<file>: <problem>`` -----------------------

_WHY = r"(?P<why>.+)"

#: the problems (after the file's name) and their Chinese; the reader's own words (why a
#: file could not be read) are kept as written
_FILE_PROBLEMS: list[tuple[re.Pattern[str], _Write]] = [
    (
        re.compile(
            r"column\(s\) matching no profile field: (?P<names>.+?); (?P<how>name columns by "
            r"profile path \(person\.birth_date, facts\.<name>\) or map them with --mapping|"
            r"`talentkit schema --flat` lists the flat columns)"
            r"(?:; column\(s\) named twice: (?P<twice>.+))?",
            re.S,
        ),
        lambda m: (
            f"以下列不对应申报材料的任何字段：{_hints(m['names'])}；"
            + (
                "请按申报材料的路径命名各列（person.birth_date、facts.<name>），或用 --mapping 映射"
                if m["how"].startswith("name")
                else "`talentkit schema --flat` 列出扁平布局的各列"
            )
            + (f"；以下列重名：{m['twice']}" if m["twice"] else "")
        ),
    ),
    (re.compile(r"column\(s\) named twice: (?P<names>.+)"), lambda m: f"以下列重名：{m['names']}"),
    (
        re.compile(r"unknown format; use \.jsonl, \.csv, \.xlsx or \.parquet"),
        lambda m: "未知的文件格式；请使用 .jsonl、.csv、.xlsx 或 .parquet 文件",
    ),
    (
        re.compile(
            r"not a readable (?P<what>Parquet file|\.xlsx workbook) \(" + _WHY + r"\)", re.S
        ),
        lambda m: (
            "不是可读的 "
            + ("Parquet 文件" if m["what"] == "Parquet file" else ".xlsx 工作簿")
            + f"（{m['why']}）"
        ),
    ),
    (
        re.compile(r"cannot read the mapping: " + _WHY, re.S),
        lambda m: f"无法读取列映射：{_read_failure(m['why'])}",
    ),
    (
        re.compile(r'expected a \[columns\] table of header = "profile\.path"'),
        lambda m: '应为 header = "profile.path" 形式的 [columns] 表',
    ),
    (
        re.compile(r"not valid (?P<name>\S+) text \(" + _WHY + r"\)", re.S),
        lambda m: f"不是有效的 {m['name']} 文本（{m['why']}）",
    ),
    (
        re.compile(r"not valid CSV near line (?P<line>\d+): " + _WHY, re.S),
        lambda m: f"第 {m['line']} 行附近不是有效的 CSV：{m['why']}",
    ),
    (
        re.compile(r"cannot read rows (?P<first>\d+)-: " + _WHY, re.S),
        lambda m: f"无法读取第 {m['first']} 行起的各行：{m['why']}",
    ),
    (
        re.compile(r"the directory (?P<folder>.+) does not exist"),
        lambda m: f"目录 {m['folder']} 不存在",
    ),
    (re.compile(r"is a directory"), lambda m: "是一个目录"),
    (re.compile(r"cannot write here: " + _WHY, re.S), lambda m: f"无法在此写入：{m['why']}"),
    (
        re.compile(r"refusing to write over (?P<what>the input|another output)"),
        lambda m: "拒绝覆盖" + ("输入文件" if m["what"] == "the input" else "另一个输出文件"),
    ),
    (
        re.compile(r"expected a directory of Parquet files \(\*\.parquet\)"),
        lambda m: "应为存放 Parquet 文件（*.parquet）的目录",
    ),
    (
        re.compile(r"no Parquet file \(\*\.parquet\) in the directory"),
        lambda m: "目录中没有 Parquet 文件（*.parquet）",
    ),
    (
        re.compile(r"expected a directory for the partitions' results"),
        lambda m: "应为存放各分区结果的目录",
    ),
    (
        re.compile(r"a file:// URL names a file on this machine \(file:///path\)"),
        lambda m: "file:// URL 指本机上的文件（file:///path）",
    ),
    (
        re.compile(
            r"reading and writing URLs needs fsspec: install the \[remote\] extra "
            r"\(pip install 'talentkit\[remote\]'\)"
        ),
        lambda m: (
            "读写 URL 需要 fsspec：请安装 [remote] 附加组件（pip install 'talentkit[remote]'）"
        ),
    ),
    (
        re.compile(r"(?P<scheme>\w+):// needs (?P<package>.+?) beside fsspec \(" + _WHY + r"\)"),
        lambda m: f"{m['scheme']}:// 除 fsspec 外还需要 {m['package']}（{m['why']}）",
    ),
    (re.compile(r"no such file"), lambda m: "没有这个文件"),
    (
        re.compile(r"cannot (?P<verb>read|write) it: " + _WHY, re.S),
        lambda m: f"无法{'读取' if m['verb'] == 'read' else '写入'}：{m['why']}",
    ),
    (
        re.compile(r"column (?P<column>'.*?') is (?P<type>.+?); expected (?P<what>.+)"),
        lambda m: (
            f"列 {m['column']} 的类型为 {m['type']}；应为{_WHAT[m['what']]}"
            if m["what"] in _WHAT
            else None
        ),
    ),
    (
        re.compile(
            r"column (?P<column>'.*?') holds floating-point numbers; amounts, counts and "
            r"ratios must be exact \(whole numbers, or text such as 12\.50 or 1/3\)"
        ),
        lambda m: (
            f"列 {m['column']} 存有浮点数；金额、数量和比例必须精确"
            "（整数，或 12.50、1/3 这样的文本）"
        ),
    ),
    (
        re.compile(r"columns do not match the flat layout: " + _WHY, re.S),
        lambda m: f"各列与扁平布局不符：{m['why']}",
    ),
]


def _file_problem(m: re.Match[str]) -> str | None:
    """``<file>: <problem>``: the file as written (a path or a URL, which may hold ``: ``
    itself), the problem in Chinese where its shape is known."""
    text = m.string
    at = text.find(": ")
    while at > 0:
        rest = text[at + 2 :]
        for pattern, write in _FILE_PROBLEMS:
            found = pattern.fullmatch(rest)
            if found is not None and (problem := write(found)) is not None:
                return f"{text[:at]}：{problem}"
        for pattern, write in _SHAPES:  # a reader's message about the file (TextError)
            found = pattern.fullmatch(rest) if write is not _file_problem else None
            if found is not None and (problem := write(found)) is not None:
                return f"{text[:at]}：{problem}"
        at = text.find(": ", at + 1)
    return None


_SHAPES += [
    (
        re.compile(r"cannot reach the Dask scheduler at (?P<at>\S+): " + _WHY, re.S),
        lambda m: f"无法连接 Dask 调度器 {m['at']}：{m['why']}",
    ),
    (
        re.compile(r"(?P<path>.+) is a directory: screen its Parquet partitions with --scheduler"),
        lambda m: f"{m['path']} 是一个目录：请用 --scheduler 筛查其中的 Parquet 分区",
    ),
    (
        re.compile(r"--columns: name at least one result column"),
        lambda m: "--columns：请至少指明一个结果列",
    ),
    (
        re.compile(r"--mapping and --encoding do not apply to Parquet partitions"),
        lambda m: "--mapping 和 --encoding 不适用于 Parquet 分区",
    ),
    (
        re.compile(
            r"--scheduler reads and writes directories every worker can reach; "
            r"give paths \(mount the object store\), not URLs"
        ),
        lambda m: (
            "--scheduler 读写每个工作进程都能访问的目录；请给出路径（挂载对象存储），而非 URL"
        ),
    ),
    (
        re.compile(r"--errors: with --scheduler, a path, not a URL"),
        lambda m: "--errors：与 --scheduler 同用时应为路径，而非 URL",
    ),
    # last: any other shape that starts with a file's name is not a file problem
    (re.compile(r".+?: .+", re.S), _file_problem),
]
