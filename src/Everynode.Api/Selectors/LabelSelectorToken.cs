namespace Everynode.Api.Selectors;

/// <summary>Tokens of the label selector query syntax.</summary>
internal enum LabelSelectorToken
{
    Error,
    EndOfString,
    ClosedParenthesis,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenParenthesis,
}
