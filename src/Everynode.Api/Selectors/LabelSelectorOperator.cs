namespace Everynode.Api.Selectors;

/// <summary>The operators of a label requirement (upstream's selection.Operator).</summary>
public enum LabelSelectorOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
