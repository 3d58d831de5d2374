using T = Everynode.Api.Selectors.LabelSelectorToken;

namespace Everynode.Api.Selectors;

/// <summary>
/// Recursive-descent parser for the label selector query syntax, with upstream's grammar and messages:
/// <code>
/// selector    ::= requirement | requirement "," selector
/// requirement ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
/// </code>
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(T Token, string Literal)> _items;
    private int _position;

    public LabelSelectorParser(string text) => _items = new LabelSelectorLexer(text).ScanAll();

    public List<LabelRequirement> Parse()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(inValues: true);
            switch (token)
            {
                case T.Identifier or T.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SelectorParseException e)
                    {
                        throw new SelectorParseException($"unable to parse requirement: {e.Message}");
                    }

                    var (next, nextLiteral) = Consume(inValues: true);
                    if (next == T.EndOfString)
                    {
                        return requirements;
                    }

                    if (next != T.Comma)
                    {
                        throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    var (after, afterLiteral) = Lookahead(inValues: true);
                    if (after is not (T.Identifier or T.DoesNotExist))
                    {
                        throw new SelectorParseException($"found '{afterLiteral}', expected: identifier after ','");
                    }

                    break;
                case T.EndOfString:
                    return requirements;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, inferred) = ParseKeyAndInferOperator();
        if (inferred is LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist)
        {
            return LabelRequirement.Create(key, inferred.Value, []);
        }

        var op = ParseOperator();
        var values = op is LabelSelectorOperator.In or LabelSelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return LabelRequirement.Create(key, op, [.. values.Order(StringComparer.Ordinal)]);
    }

    private (string Key, LabelSelectorOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelSelectorOperator? op = null;
        var (token, literal) = Consume(inValues: true);
        if (token == T.DoesNotExist)
        {
            op = LabelSelectorOperator.DoesNotExist;
            (token, literal) = Consume(inValues: true);
        }

        if (token != T.Identifier)
        {
            throw new SelectorParseException($"found '{literal}', expected: identifier");
        }

        if (Validation.FormatChecks.IsQualifiedName(literal) is { Count: > 0 } errors)
        {
            throw new SelectorParseException(LabelRequirement.Invalid("<nil>", LabelRequirement.Quote(literal), errors));
        }

        if (Lookahead(inValues: true).Token is T.EndOfString or T.Comma && op is null)
        {
            op = LabelSelectorOperator.Exists;
        }

        return (literal, op);
    }

    private LabelSelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(inValues: false);
        return token switch
        {
            T.In => LabelSelectorOperator.In,
            T.Equals => LabelSelectorOperator.Equals,
            T.DoubleEquals => LabelSelectorOperator.DoubleEquals,
            T.GreaterThan => LabelSelectorOperator.GreaterThan,
            T.LessThan => LabelSelectorOperator.LessThan,
            T.NotIn => LabelSelectorOperator.NotIn,
            T.NotEquals => LabelSelectorOperator.NotEquals,
            _ => throw new SelectorParseException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Consume(inValues: true);
        if (token != T.OpenParenthesis)
        {
            throw new SelectorParseException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead(inValues: true);
        switch (token)
        {
            case T.Identifier or T.Comma:
                var values = ParseIdentifiersList();
                if (Consume(inValues: true).Token != T.ClosedParenthesis)
                {
                    throw new SelectorParseException($"found '{literal}', expected: ')'");
                }

                return values;
            case T.ClosedParenthesis:
                Consume(inValues: true);
                return [string.Empty];
            default:
                throw new SelectorParseException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    // A possibly empty, comma-separated list of possibly empty identifiers: "(a,,b)", "(,a)", "(a,)".
    private HashSet<string> ParseIdentifiersList()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(inValues: true);
            switch (token)
            {
                case T.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(inValues: true);
                    if (next == T.ClosedParenthesis)
                    {
                        return values;
                    }

                    if (next != T.Comma)
                    {
                        throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                    break;
                case T.Comma:
                    if (values.Count == 0)
                    {
                        values.Add(string.Empty);
                    }

                    var following = Lookahead(inValues: true).Token;
                    if (following is T.ClosedParenthesis or T.Comma)
                    {
                        values.Add(string.Empty);
                    }

                    if (following == T.ClosedParenthesis)
                    {
                        return values;
                    }

                    break;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        if (Lookahead(inValues: true).Token is T.EndOfString or T.Comma)
        {
            return [string.Empty];
        }

        var (token, literal) = Consume(inValues: true);
        return token == T.Identifier ? [literal] : throw new SelectorParseException($"found '{literal}', expected: identifier");
    }

    // In a value position the keywords "in" and "notin" are ordinary identifiers.
    private (T Token, string Literal) Lookahead(bool inValues)
    {
        var (token, literal) = _items[Math.Min(_position, _items.Count - 1)];
        return (inValues && token is T.In or T.NotIn ? T.Identifier : token, literal);
    }

    private (T Token, string Literal) Consume(bool inValues)
    {
        var item = Lookahead(inValues);
        _position++;
        return item;
    }
}
