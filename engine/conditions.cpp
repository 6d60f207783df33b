// The condition language: a tokenizer, a recursive-descent parser to a flat node array, checks
// against the questionnaire at parse time, and Kleene (three-valued) evaluation. linkIds and
// codes are resolved at parse time; evaluation touches slots and short strings only.
#include "engine/conditions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "engine/internal/json_check.h"

namespace hc {

ConditionError::ConditionError(int column, const std::string& message)
    : std::runtime_error("column " + std::to_string(column) + ": " + message), column_(column) {}

namespace {

constexpr std::size_t kMaxText = 8192;  // far above any readable rule
constexpr int kMaxDepth = 64;           // nested parentheses and `not`

enum class Tok { Ident, Str, Num, LParen, RParen, LBrack, RBrack, Comma, Op, End };
enum class CmpOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct Token {
    Tok kind = Tok::End;
    std::string text;  // identifier, decoded string, number text or operator
    int column = 1;
};

struct Lit {
    enum Kind : std::uint8_t { Bool, Int, Dec, Str } kind = Str;
    bool b = false;
    std::int64_t i = 0;
    double d = 0;
    std::string s;
    int column = 1;
    double num() const { return kind == Int ? static_cast<double>(i) : d; }
};

}  // namespace

struct ConditionNode {
    // CmpItems compares two items (`slot` op `slot2`); every other leaf compares one item with literals.
    enum Kind : std::uint8_t { And, Or, Not, Answered, Cmp, CmpItems, In, Has, HasAny, HasAll };
    struct Node {
        Kind kind = And;
        CmpOp op = CmpOp::Eq;
        Slot slot = -1;
        Slot slot2 = -1;        // CmpItems: the right-hand item
        std::vector<int> kids;  // And/Or: children; Not: one child
        std::vector<Lit> lits;  // Cmp: one; In/HasAny/HasAll: the list; Has: one
    };
    std::vector<Node> nodes;
    int root = -1;
};

namespace {

class Lexer {
public:
    explicit Lexer(std::string_view s) : s_(s) {}

    Token next() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
        Token t;
        t.column = static_cast<int>(pos_) + 1;
        if (pos_ >= s_.size()) return t;
        const char c = s_[pos_];
        auto alpha = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'; };
        auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
        if (alpha(c)) {
            std::size_t e = pos_;
            while (e < s_.size() && (alpha(s_[e]) || digit(s_[e]) || s_[e] == '.' || s_[e] == '-')) ++e;
            t.kind = Tok::Ident;
            t.text = std::string(s_.substr(pos_, e - pos_));
            pos_ = e;
            return t;
        }
        if (digit(c) || (c == '-' && pos_ + 1 < s_.size() && (digit(s_[pos_ + 1]) || s_[pos_ + 1] == '.')) || c == '.') {
            std::size_t e = pos_ + (c == '-' ? 1 : 0);
            while (e < s_.size() && (digit(s_[e]) || s_[e] == '.')) ++e;
            if (e < s_.size() && (s_[e] == 'e' || s_[e] == 'E')) {
                ++e;
                if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
                while (e < s_.size() && digit(s_[e])) ++e;
            }
            t.kind = Tok::Num;
            t.text = std::string(s_.substr(pos_, e - pos_));
            pos_ = e;
            if (pos_ < s_.size() && alpha(s_[pos_]))
                throw ConditionError(static_cast<int>(pos_) + 1, "a number runs into letters");
            return t;
        }
        if (c == '\'') {
            std::string out;
            std::size_t e = pos_ + 1;
            for (;;) {
                if (e >= s_.size()) throw ConditionError(t.column, "string is not closed (missing ')");
                const char ch = s_[e];
                if (ch == '\\') {
                    if (e + 1 >= s_.size() || (s_[e + 1] != '\'' && s_[e + 1] != '\\'))
                        throw ConditionError(static_cast<int>(e) + 1, "only \\' and \\\\ are escapes in a string");
                    out += s_[e + 1];
                    e += 2;
                    continue;
                }
                if (ch == '\'') break;
                out += ch;
                ++e;
            }
            t.kind = Tok::Str;
            t.text = std::move(out);
            pos_ = e + 1;
            return t;
        }
        if (c == '"') throw ConditionError(t.column, "strings use single quotes: 'like this'");
        switch (c) {
            case '(': t.kind = Tok::LParen; break;
            case ')': t.kind = Tok::RParen; break;
            case '[': t.kind = Tok::LBrack; break;
            case ']': t.kind = Tok::RBrack; break;
            case ',': t.kind = Tok::Comma; break;
            default: break;
        }
        if (t.kind != Tok::End) {
            t.text = std::string(1, c);
            ++pos_;
            return t;
        }
        auto two = [&](char a, char b) { return c == a && pos_ + 1 < s_.size() && s_[pos_ + 1] == b; };
        for (const char* op : {"==", "!=", "<=", ">="}) {
            if (two(op[0], op[1])) {
                t.kind = Tok::Op;
                t.text = op;
                pos_ += 2;
                return t;
            }
        }
        if (c == '<' || c == '>') {
            t.kind = Tok::Op;
            t.text = std::string(1, c);
            ++pos_;
            return t;
        }
        if (c == '=') throw ConditionError(t.column, "use == to compare");
        if (c == '&' || c == '|' || c == '!')
            throw ConditionError(t.column, "use the words and, or, not");
        throw ConditionError(t.column, std::string("unexpected character '") +
                                           (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f
                                                ? std::string("?")
                                                : std::string(1, c)) +
                                           "'");
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

std::string describe(const Token& t) {
    switch (t.kind) {
        case Tok::End: return "the end of the condition";
        case Tok::Str: return "'" + t.text + "'";
        default: return "'" + t.text + "'";
    }
}

class Parser {
public:
    Parser(std::string_view text, const Questionnaire& q, ConditionNode& out, std::vector<Slot>& slots)
        : lex_(text), q_(q), out_(out), slots_(slots) {
        cur_ = lex_.next();
    }

    int parse() {
        const int root = expr();
        if (cur_.kind != Tok::End) throw ConditionError(cur_.column, "expected and, or or the end, found " + describe(cur_));
        return root;
    }

private:
    bool word(std::string_view w) const { return cur_.kind == Tok::Ident && cur_.text == w; }
    Token take() {
        Token t = std::move(cur_);
        cur_ = lex_.next();
        return t;
    }
    void expect(Tok k, const char* what) {
        if (cur_.kind != k) throw ConditionError(cur_.column, std::string("expected ") + what + ", found " + describe(cur_));
        take();
    }
    int add(ConditionNode::Node n) {
        out_.nodes.push_back(std::move(n));
        return static_cast<int>(out_.nodes.size()) - 1;
    }

    int expr() { return chain(ConditionNode::Or, "or"); }

    int chain(ConditionNode::Kind kind, const char* w) {
        int first = kind == ConditionNode::Or ? chain(ConditionNode::And, "and") : unary();
        if (!word(w)) return first;
        ConditionNode::Node n;
        n.kind = kind;
        n.kids.push_back(first);
        while (word(w)) {
            take();
            n.kids.push_back(kind == ConditionNode::Or ? chain(ConditionNode::And, "and") : unary());
        }
        return add(std::move(n));
    }

    struct DepthGuard {
        int& d;
        DepthGuard(int& depth, int column) : d(depth) {
            if (++d > kMaxDepth)
                throw ConditionError(column, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
        }
        ~DepthGuard() { --d; }
    };

    int unary() {
        if (word("not")) {
            DepthGuard g(depth_, cur_.column);
            take();
            ConditionNode::Node n;
            n.kind = ConditionNode::Not;
            n.kids.push_back(unary());
            return add(std::move(n));
        }
        return primary();
    }

    int primary() {
        if (cur_.kind == Tok::LParen) {
            DepthGuard g(depth_, cur_.column);
            take();
            const int inner = expr();
            expect(Tok::RParen, "')'");
            return inner;
        }
        if (word("answered")) {
            take();
            expect(Tok::LParen, "'(' after answered");
            ConditionNode::Node n;
            n.kind = ConditionNode::Answered;
            n.slot = item(false);
            expect(Tok::RParen, "')'");
            return add(std::move(n));
        }
        if (cur_.kind != Tok::Ident)
            throw ConditionError(cur_.column, "expected a linkId, answered(...), not or '(', found " + describe(cur_));
        if (detail::is_keyword(cur_.text))
            throw ConditionError(cur_.column, "expected a linkId, found the word '" + cur_.text + "'");
        return comparison();
    }

    // Reads a linkId and resolves it to a slot; `compare` refuses items whose value cannot be compared.
    Slot item(bool compare) {
        if (cur_.kind != Tok::Ident || detail::is_keyword(cur_.text))
            throw ConditionError(cur_.column, "expected a linkId, found " + describe(cur_));
        const Token t = take();
        const Slot s = q_.find(t.text);
        if (s < 0) throw ConditionError(t.column, "unknown linkId '" + t.text + "'");
        const Item& it = q_.items[static_cast<std::size_t>(s)];
        if (!it.is_answerable())
            throw ConditionError(t.column, "'" + t.text + "' is a " + std::string(to_string(it.type)) + " item and has no answer");
        if (compare && it.type == ItemType::Text)
            throw ConditionError(t.column, "'" + t.text + "' is free text; conditions cannot compare it (use answered)");
        if (std::find(slots_.begin(), slots_.end(), s) == slots_.end()) slots_.push_back(s);
        item_column_ = t.column;
        return s;
    }

    Lit value() {
        Lit l;
        l.column = cur_.column;
        if (cur_.kind == Tok::Str) {
            l.kind = Lit::Str;
            l.s = take().text;
            return l;
        }
        if (word("true") || word("false")) {
            l.kind = Lit::Bool;
            l.b = take().text == "true";
            return l;
        }
        if (cur_.kind == Tok::Num) {
            const Token t = take();
            const bool decimal = t.text.find_first_of(".eE") != std::string::npos;
            if (!decimal) {
                auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), l.i);
                if (ec != std::errc() || p != t.text.data() + t.text.size())
                    throw ConditionError(t.column, "number '" + t.text + "' is out of range");
                l.kind = Lit::Int;
                return l;
            }
            char* end = nullptr;
            l.d = std::strtod(t.text.c_str(), &end);
            if (end != t.text.c_str() + t.text.size() || !std::isfinite(l.d))
                throw ConditionError(t.column, "'" + t.text + "' is not a number");
            l.kind = Lit::Dec;
            return l;
        }
        throw ConditionError(cur_.column, "expected a value ('code', number, true or false) or a linkId, found " + describe(cur_));
    }

    // Checks that items `a` and `b` can be compared (`ordering` for <, >, <=, >=): numbers with
    // numbers, yes/no with yes/no, and single-answer choice items that share at least one code.
    // Errors point at `column`, where `b` is written.
    void check_items(Slot a, Slot b, bool ordering, int column) {
        const Item& x = q_.items[static_cast<std::size_t>(a)];
        const Item& y = q_.items[static_cast<std::size_t>(b)];
        auto numeric = [](const Item& it) { return it.type == ItemType::Integer || it.type == ItemType::Decimal; };
        auto choice = [](const Item& it) { return it.type == ItemType::Choice || it.type == ItemType::OpenChoice; };
        auto kind = [&](const Item& it) {
            return numeric(it) ? "a number item" : it.type == ItemType::Boolean ? "a yes/no item" : choice(it) ? "a choice item"
                 : it.type == ItemType::Date ? "a date item" : "a text item";
        };
        if (y.repeats)
            throw ConditionError(column, "'" + y.link_id + "' takes several answers; it cannot be compared with another item");
        if (numeric(x) && numeric(y)) return;
        const bool same = (x.type == ItemType::Boolean && y.type == ItemType::Boolean) || (choice(x) && choice(y));
        if (!same)
            throw ConditionError(column, "'" + x.link_id + "' (" + kind(x) + ") cannot be compared with '" + y.link_id + "' (" +
                                             kind(y) + "); items compare number with number, yes/no with yes/no, "
                                             "choice with choice");
        if (ordering) throw ConditionError(column, "<, >, <= and >= are for numbers only");
        if (choice(x)) {
            const bool shared = std::any_of(x.options.begin(), x.options.end(),
                                            [&](const AnswerOption& o) { return y.option_index(o.code) >= 0; });
            if (!shared)
                throw ConditionError(column, "'" + x.link_id + "' and '" + y.link_id + "' share no code, so they can never be equal");
        }
    }

    // Checks that `l` can be compared with item `s` (with `op` for ==, !=, <, ...).
    void check(Slot s, const Lit& l, bool ordering) {
        const Item& it = q_.items[static_cast<std::size_t>(s)];
        const std::string& id = it.link_id;
        const bool numeric = it.type == ItemType::Integer || it.type == ItemType::Decimal;
        switch (l.kind) {
            case Lit::Bool:
                if (it.type != ItemType::Boolean)
                    throw ConditionError(l.column, "true/false compared with '" + id + "', a " + std::string(to_string(it.type)) + " item");
                if (ordering) throw ConditionError(l.column, "<, >, <= and >= are for numbers only");
                return;
            case Lit::Int:
            case Lit::Dec:
                if (!numeric)
                    throw ConditionError(l.column, "a number compared with '" + id + "', a " + std::string(to_string(it.type)) + " item");
                return;
            case Lit::Str:
                if (numeric)
                    throw ConditionError(l.column, "'" + l.s + "' is text but '" + id + "' is a number item; compare it with a number");
                if (it.type == ItemType::Boolean)
                    throw ConditionError(l.column, "'" + id + "' is yes/no; compare it with true or false");
                if (ordering) throw ConditionError(l.column, "<, >, <= and >= are for numbers only");
                if ((it.type == ItemType::Choice || it.type == ItemType::OpenChoice) && it.option_index(l.s) < 0)
                    throw ConditionError(l.column, "item '" + id + "' has no code '" + l.s + "'");
                return;
        }
    }

    std::vector<Lit> list(Slot s) {
        expect(Tok::LBrack, "'['");
        std::vector<Lit> out;
        for (;;) {
            Lit l = value();
            check(s, l, false);
            out.push_back(std::move(l));
            if (cur_.kind == Tok::Comma) {
                take();
                continue;
            }
            expect(Tok::RBrack, "',' or ']'");
            return out;
        }
    }

    int comparison() {
        ConditionNode::Node n;
        n.slot = item(true);
        const Item& it = q_.items[static_cast<std::size_t>(n.slot)];
        const int col = item_column_;
        if (word("has")) {
            const int has_col = take().column;
            if (!it.repeats)
                throw ConditionError(has_col, "'" + it.link_id + "' takes one answer; use == or in, not has");
            if (word("any") || word("all")) {
                n.kind = take().text == "any" ? ConditionNode::HasAny : ConditionNode::HasAll;
                n.lits = list(n.slot);
            } else {
                n.kind = ConditionNode::Has;
                Lit l = value();
                check(n.slot, l, false);
                n.lits.push_back(std::move(l));
            }
            return add(std::move(n));
        }
        if (it.repeats && (word("in") || cur_.kind == Tok::Op))
            throw ConditionError(cur_.column, "'" + it.link_id + "' takes several answers; use has, has any or has all");
        if (word("in")) {
            take();
            n.kind = ConditionNode::In;
            n.lits = list(n.slot);
            return add(std::move(n));
        }
        if (cur_.kind != Tok::Op)
            throw ConditionError(cur_.kind == Tok::End ? col : cur_.column,
                                 "expected ==, !=, <, <=, >, >=, in or has after '" + it.link_id + "', found " + describe(cur_));
        const Token op = take();
        n.kind = ConditionNode::Cmp;
        if (op.text == "==") n.op = CmpOp::Eq;
        else if (op.text == "!=") n.op = CmpOp::Ne;
        else if (op.text == "<") n.op = CmpOp::Lt;
        else if (op.text == "<=") n.op = CmpOp::Le;
        else if (op.text == ">") n.op = CmpOp::Gt;
        else n.op = CmpOp::Ge;
        if (cur_.kind == Tok::Ident && !detail::is_keyword(cur_.text)) {  // another item: `a > b`
            const int column = cur_.column;
            n.kind = ConditionNode::CmpItems;
            n.slot2 = item(true);
            check_items(n.slot, n.slot2, n.op != CmpOp::Eq && n.op != CmpOp::Ne, column);
            return add(std::move(n));
        }
        Lit l = value();
        check(n.slot, l, n.op != CmpOp::Eq && n.op != CmpOp::Ne);
        n.lits.push_back(std::move(l));
        return add(std::move(n));
    }

    Lexer lex_;
    const Questionnaire& q_;
    ConditionNode& out_;
    std::vector<Slot>& slots_;
    Token cur_;
    int depth_ = 0;
    int item_column_ = 1;
};

bool compare(CmpOp op, double x, double y) {
    switch (op) {
        case CmpOp::Eq: return x == y;
        case CmpOp::Ne: return x != y;
        case CmpOp::Lt: return x < y;
        case CmpOp::Le: return x <= y;
        case CmpOp::Gt: return x > y;
        case CmpOp::Ge: return x >= y;
    }
    return false;
}

bool compare_int(CmpOp op, std::int64_t x, std::int64_t y) {
    switch (op) {
        case CmpOp::Eq: return x == y;
        case CmpOp::Ne: return x != y;
        case CmpOp::Lt: return x < y;
        case CmpOp::Le: return x <= y;
        case CmpOp::Gt: return x > y;
        case CmpOp::Ge: return x >= y;
    }
    return false;
}

// Is literal `l` equal to the (single) value `v`?
bool equals(const Value& v, const Lit& l) {
    switch (l.kind) {
        case Lit::Bool: {
            const auto* b = std::get_if<bool>(&v);
            return b && *b == l.b;
        }
        case Lit::Str: {
            const auto* s = std::get_if<std::string>(&v);
            return s && *s == l.s;
        }
        case Lit::Int:
        case Lit::Dec:
            if (const auto* i = std::get_if<std::int64_t>(&v)) {
                return l.kind == Lit::Int ? *i == l.i : static_cast<double>(*i) == l.d;
            }
            if (const auto* d = std::get_if<double>(&v)) return *d == l.num();
            return false;
    }
    return false;
}

// `x op y` for two answered, compatible items (checked at parse time).
bool compare_values(CmpOp op, const Value& x, const Value& y) {
    const auto* xi = std::get_if<std::int64_t>(&x);
    const auto* yi = std::get_if<std::int64_t>(&y);
    if (xi && yi) return compare_int(op, *xi, *yi);
    const auto* xd = std::get_if<double>(&x);
    const auto* yd = std::get_if<double>(&y);
    if ((xi || xd) && (yi || yd))
        return compare(op, xi ? static_cast<double>(*xi) : *xd, yi ? static_cast<double>(*yi) : *yd);
    // Codes and yes/no: only == and != get here.
    const bool eq = x == y;
    return op == CmpOp::Eq ? eq : op == CmpOp::Ne ? !eq : false;
}

bool has_code(const Value& v, const std::string& code) {
    const auto* c = std::get_if<Codes>(&v);
    return c && std::find(c->begin(), c->end(), code) != c->end();
}

struct Eval {
    const ConditionNode& p;
    const Answers& a;
    const std::vector<bool>& enabled;
    std::vector<Slot>& read;
    std::vector<Slot>& unknowns;

    Tri leaf(const ConditionNode::Node& n) {
        const auto s = static_cast<std::size_t>(n.slot);
        // A hidden item is not applicable: every test on it is false, and it is never missing.
        if (s >= enabled.size() || !enabled[s]) return Tri::False;
        if (n.kind == ConditionNode::CmpItems) return items(n);
        if (n.kind == ConditionNode::Answered) {
            if (!a.answered(n.slot)) return Tri::False;
            read.push_back(n.slot);
            return Tri::True;
        }
        if (!a.answered(n.slot)) {
            unknowns.push_back(n.slot);
            return Tri::Unknown;
        }
        read.push_back(n.slot);
        const Value& v = a.get(n.slot);
        bool r = false;
        switch (n.kind) {
            case ConditionNode::Cmp: {
                const Lit& l = n.lits[0];
                if (n.op == CmpOp::Eq) r = equals(v, l);
                else if (n.op == CmpOp::Ne) r = !equals(v, l);
                else if (const auto* i = std::get_if<std::int64_t>(&v))
                    r = l.kind == Lit::Int ? compare_int(n.op, *i, l.i) : compare(n.op, static_cast<double>(*i), l.d);
                else if (const auto* d = std::get_if<double>(&v))
                    r = compare(n.op, *d, l.num());
                break;
            }
            case ConditionNode::In:
                for (const Lit& l : n.lits)
                    if (equals(v, l)) { r = true; break; }
                break;
            case ConditionNode::Has: r = has_code(v, n.lits[0].s); break;
            case ConditionNode::HasAny:
                for (const Lit& l : n.lits)
                    if (has_code(v, l.s)) { r = true; break; }
                break;
            case ConditionNode::HasAll:
                r = true;
                for (const Lit& l : n.lits)
                    if (!has_code(v, l.s)) { r = false; break; }
                break;
            default: break;
        }
        return r ? Tri::True : Tri::False;
    }

    // `a op b`: false when either item is hidden; unknown when either is unanswered (each
    // unanswered one is missing); otherwise both are read and compared.
    Tri items(const ConditionNode::Node& n) {
        const auto s2 = static_cast<std::size_t>(n.slot2);
        if (s2 >= enabled.size() || !enabled[s2]) return Tri::False;
        const bool ua = a.answered(n.slot), ub = a.answered(n.slot2);
        if (!ua || !ub) {
            if (!ua) unknowns.push_back(n.slot);
            if (!ub) unknowns.push_back(n.slot2);
            return Tri::Unknown;
        }
        read.push_back(n.slot);
        read.push_back(n.slot2);
        return compare_values(n.op, a.get(n.slot), a.get(n.slot2)) ? Tri::True : Tri::False;
    }

    Tri run(int idx) {
        const auto& n = p.nodes[static_cast<std::size_t>(idx)];
        switch (n.kind) {
            case ConditionNode::Not: {
                const Tri t = run(n.kids[0]);
                return t == Tri::Unknown ? t : t == Tri::True ? Tri::False : Tri::True;
            }
            case ConditionNode::And:
            case ConditionNode::Or: {
                // The deciding value: false decides an `and`, true decides an `or`. Once one
                // child decides, only what that child read explains the result.
                const Tri decide = n.kind == ConditionNode::And ? Tri::False : Tri::True;
                const std::size_t r0 = read.size(), u0 = unknowns.size();
                bool unknown = false;
                for (int k : n.kids) {
                    const std::size_t rk = read.size();
                    const Tri t = run(k);
                    if (t == decide) {
                        read.erase(read.begin() + static_cast<std::ptrdiff_t>(r0), read.begin() + static_cast<std::ptrdiff_t>(rk));
                        unknowns.resize(u0);
                        return decide;
                    }
                    unknown = unknown || t == Tri::Unknown;
                }
                return unknown ? Tri::Unknown : (decide == Tri::False ? Tri::True : Tri::False);
            }
            default: return leaf(n);
        }
    }
};

}  // namespace

Condition::Condition() = default;
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;
Condition::~Condition() = default;

Condition Condition::parse(std::string_view text, const Questionnaire& q) {
    if (text.size() > kMaxText)
        throw ConditionError(1, "condition is longer than " + std::to_string(kMaxText) + " characters");
    Condition c;
    c.text_ = std::string(text);
    auto node = std::make_unique<ConditionNode>();
    Parser parser(text, q, *node, c.slots_);
    if (Lexer(text).next().kind == Tok::End) throw ConditionError(1, "the condition is empty");
    node->root = parser.parse();
    c.root_ = std::move(node);
    return c;
}

Condition::Outcome Condition::evaluate(const Answers& a, const std::vector<bool>& enabled, std::vector<Slot>& read) const {
    Outcome o;
    if (!root_ || root_->root < 0) {
        o.value = Tri::False;
        return o;
    }
    Eval ev{*root_, a, enabled, read, o.unknowns};
    o.value = ev.run(root_->root);
    if (o.value != Tri::Unknown) {
        o.unknowns.clear();
    } else if (o.unknowns.size() > 1) {
        std::sort(o.unknowns.begin(), o.unknowns.end());
        o.unknowns.erase(std::unique(o.unknowns.begin(), o.unknowns.end()), o.unknowns.end());
    }
    return o;
}

std::vector<Literal> Condition::literals(Slot s) const {
    std::vector<Literal> out;
    if (!root_) return out;
    for (const auto& n : root_->nodes) {
        if (n.slot != s) continue;
        for (const Lit& l : n.lits) {
            switch (l.kind) {
                case Lit::Bool: out.emplace_back(l.b); break;
                case Lit::Int: out.emplace_back(l.i); break;
                case Lit::Dec: out.emplace_back(l.d); break;
                case Lit::Str: out.emplace_back(l.s); break;
            }
        }
    }
    return out;
}

std::vector<Slot> Condition::compared_items(Slot s) const {
    std::vector<Slot> out;
    if (!root_) return out;
    auto add = [&](Slot x) {
        if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    };
    for (const auto& n : root_->nodes) {
        if (n.kind != ConditionNode::CmpItems) continue;
        if (n.slot == s) add(n.slot2);
        if (n.slot2 == s) add(n.slot);
    }
    return out;
}

}  // namespace hc
