namespace Everynode.Api.Selectors;

/// <summary>
/// Splits a label selector into tokens as upstream's lexer does: runs of operator characters
/// (<c>= ! ( ) , &gt; &lt;</c>) become the longest operator they spell, everything else up to whitespace or an
/// operator character is an identifier (or the keyword <c>in</c> / <c>notin</c>).
/// </summary>
internal sealed class LabelSelectorLexer(string text)
{
    private static readonly Dictionary<string, LabelSelectorToken> Literals = new(StringComparer.Ordinal)
    {
        [")"] = LabelSelectorToken.ClosedParenthesis,
        [","] = LabelSelectorToken.Comma,
        ["!"] = LabelSelectorToken.DoesNotExist,
        ["=="] = LabelSelectorToken.DoubleEquals,
        ["="] = LabelSelectorToken.Equals,
        [">"] = LabelSelectorToken.GreaterThan,
        ["in"] = LabelSelectorToken.In,
        ["<"] = LabelSelectorToken.LessThan,
        ["!="] = LabelSelectorToken.NotEquals,
        ["notin"] = LabelSelectorToken.NotIn,
        ["("] = LabelSelectorToken.OpenParenthesis,
    };

    private int _position;

    /// <summary>All tokens, ending with <see cref="LabelSelectorToken.EndOfString"/>.</summary>
    public List<(LabelSelectorToken Token, string Literal)> ScanAll()
    {
        var items = new List<(LabelSelectorToken, string)>();
        while (true)
        {
            var item = Lex();
            items.Add(item);
            if (item.Token == LabelSelectorToken.EndOfString)
            {
                return items;
            }
        }
    }

    private (LabelSelectorToken Token, string Literal) Lex()
    {
        while (_position < text.Length && IsWhitespace(text[_position]))
        {
            _position++;
        }

        if (_position >= text.Length)
        {
            return (LabelSelectorToken.EndOfString, string.Empty);
        }

        return IsSpecialSymbol(text[_position]) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    private (LabelSelectorToken, string) ScanIdentifierOrKeyword()
    {
        var start = _position;
        while (_position < text.Length && !IsSpecialSymbol(text[_position]) && !IsWhitespace(text[_position]))
        {
            _position++;
        }

        var literal = text[start.._position];
        return Literals.TryGetValue(literal, out var keyword) ? (keyword, literal) : (LabelSelectorToken.Identifier, literal);
    }

    private (LabelSelectorToken, string) ScanSpecialSymbol()
    {
        var start = _position;
        (LabelSelectorToken Token, string Literal)? longest = null;
        while (_position < text.Length && IsSpecialSymbol(text[_position]))
        {
            var candidate = text[start..(_position + 1)];
            if (Literals.TryGetValue(candidate, out var token))
            {
                longest = (token, candidate);
            }
            else if (longest is not null)
            {
                break;
            }

            _position++;
        }

        return longest ?? (LabelSelectorToken.Error, $"error expected: keyword found '{text[start.._position]}'");
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
