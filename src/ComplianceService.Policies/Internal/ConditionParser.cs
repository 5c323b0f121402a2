using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// Parses a rule condition. Grammar:
/// <code>
/// expr    := and ('or' and)*
/// and     := unary ('and' unary)*
/// unary   := 'not' unary | primary
/// primary := '(' expr ')' | 'always' | FACT | PREDICATE
///          | ('contact' | 'role' | 'crime') ('is' NAME | 'in' '(' NAME (',' NAME)* ')')
/// </code>
/// Names are the vocabulary's short names (STATE_CHARGE, BOOKING, VICTIM...). Every input read
/// must belong to <c>allowed</c>, so a cooperation rule cannot read an encounter fact.
/// </summary>
internal sealed class ConditionParser
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, Condition> _predicates;
    private readonly IReadOnlyDictionary<int, Condition> _implications;
    private readonly ulong _allowed;
    private readonly string _kind;
    private readonly List<(string Token, int Offset)> _tokens = [];
    private int _next;

    private ConditionParser(string text, IReadOnlyDictionary<string, Condition> predicates, IReadOnlyDictionary<int, Condition> implications, ulong allowed, string kind)
    {
        _text = text;
        _predicates = predicates;
        _implications = implications;
        _allowed = allowed;
        _kind = kind;
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns null with the error and its offset.</summary>
    public static Condition? Parse(string text, IReadOnlyDictionary<string, Condition> predicates, IReadOnlyDictionary<int, Condition> implications, ulong allowed, string kind, out string? error, out int errorOffset)
    {
        var parser = new ConditionParser(text, predicates, implications, allowed, kind);
        try
        {
            parser.Tokenize();
            var condition = parser.ParseOr();
            if (parser._next < parser._tokens.Count)
            {
                throw new ConditionException($"unexpected '{parser._tokens[parser._next].Token}'", parser._tokens[parser._next].Offset);
            }

            error = null;
            errorOffset = 0;
            return condition;
        }
        catch (ConditionException e)
        {
            error = e.Message;
            errorOffset = e.Offset;
            return null;
        }
    }

    private void Tokenize()
    {
        var i = 0;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                _tokens.Add((c.ToString(), i));
                i++;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < _text.Length && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] == '_'))
                {
                    i++;
                }

                _tokens.Add((_text[start..i], start));
            }
            else
            {
                throw new ConditionException($"unexpected character '{c}'", i);
            }
        }

        if (_tokens.Count == 0)
        {
            throw new ConditionException("empty condition (omit 'when' or write 'always')", 0);
        }
    }

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            left = Condition.Or(left, ParseAnd());
        }

        return left;
    }

    private Condition ParseAnd()
    {
        var left = ParseUnary();
        while (Accept("and"))
        {
            left = Condition.And(left, ParseUnary());
        }

        return left;
    }

    private Condition ParseUnary() => Accept("not") ? Condition.Not(ParseUnary()) : ParsePrimary();

    private Condition ParsePrimary()
    {
        var (token, offset) = Take("a fact, predicate, 'contact', 'role', 'crime', 'always' or '('");
        switch (token)
        {
            case "(":
                var inner = ParseOr();
                Expect(")");
                return inner;
            case "always":
                return Condition.Always;
            case "contact":
                return ParseMembership(WireNames.Contacts, InputLayout.ContactShift, "contact", offset);
            case "role":
                return ParseMembership(WireNames.Roles, InputLayout.RoleShift, "role", offset);
            case "crime":
                return ParseMembership(WireNames.Crimes, InputLayout.CrimeShift, "crime", offset);
        }

        if (_predicates.TryGetValue(token, out var predicate))
        {
            var outside = predicate.Reads & ~_allowed;
            if (outside != 0)
            {
                throw new ConditionException(
                    $"predicate {token} reads {InputLayout.DescribeBit(System.Numerics.BitOperations.TrailingZeroCount(outside))}, which is not an input of {_kind}",
                    offset);
            }

            return predicate;
        }

        if (WireNames.Facts.TryParse(token, out var fact))
        {
            var read = Allowed(1UL << (fact - 1), token, offset);
            // A fact the vocabulary implies (STATUS_IN_QUESTION by an ICE detainer) is read with its implication.
            return _implications.TryGetValue(fact, out var implied) && (implied.Reads & ~_allowed) == 0
                ? Condition.Or(read, implied)
                : read;
        }

        throw new ConditionException($"unknown name '{token}' (not a fact, predicate or keyword)", offset);
    }

    private Condition ParseMembership(EnumNames names, int shift, string group, int groupOffset)
    {
        ulong bits = 0;
        if (Accept("is"))
        {
            bits = Value(names, shift, group);
        }
        else if (Accept("in"))
        {
            Expect("(");
            bits = Value(names, shift, group);
            while (Accept(","))
            {
                bits |= Value(names, shift, group);
            }

            Expect(")");
        }
        else
        {
            throw new ConditionException($"expected 'is' or 'in' after '{group}'", groupOffset);
        }

        return Allowed(bits, group, groupOffset);
    }

    private ulong Value(EnumNames names, int shift, string group)
    {
        var (token, offset) = Take($"a {group} name");
        if (!names.TryParse(token, out var number))
        {
            throw new ConditionException($"unknown {group} '{token}'", offset);
        }

        return 1UL << (shift + number - 1);
    }

    private Condition Allowed(ulong bits, string name, int offset)
    {
        if ((bits & ~_allowed) != 0)
        {
            throw new ConditionException($"{name} is not an input of {_kind}", offset);
        }

        return Condition.Any(bits);
    }

    private bool Accept(string token)
    {
        if (_next < _tokens.Count && _tokens[_next].Token == token)
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        var (found, offset) = Take($"'{token}'");
        if (found != token)
        {
            throw new ConditionException($"expected '{token}', found '{found}'", offset);
        }
    }

    private (string Token, int Offset) Take(string expected)
    {
        if (_next >= _tokens.Count)
        {
            throw new ConditionException($"expected {expected} at the end", _text.Length);
        }

        return _tokens[_next++];
    }

    private sealed class ConditionException(string message, int offset) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
