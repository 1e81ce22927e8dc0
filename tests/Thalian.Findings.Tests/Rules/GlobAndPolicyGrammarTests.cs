using Thalian.Findings.Detecting;
using Thalian.Findings.Detecting.Policies;

namespace Thalian.Findings.Tests.Rules;

public sealed class GlobAndPolicyGrammarTests
{
    [Theory]
    [InlineData("sts:AssumeRole", "sts:AssumeRole", true)]
    [InlineData("STS:assumerole", "sts:AssumeRole", true)]
    [InlineData("sts:*", "sts:AssumeRoleWithSAML", true)]
    [InlineData("*", "sts:AssumeRole", true)]
    [InlineData("sts:Assume*", "sts:AssumeRoleWithWebIdentity", true)]
    [InlineData("sts:AssumeRol?", "sts:AssumeRole", true)]
    [InlineData("sts:AssumeRole?", "sts:AssumeRole", false)]
    [InlineData("sts:TagSession", "sts:AssumeRole", false)]
    [InlineData("iam:*", "sts:AssumeRole", false)]
    [InlineData("s*:*Role", "sts:AssumeRole", true)]
    public void Glob_matches_like_iam(string pattern, string value, bool expected) => Assert.Equal(expected, Glob.Matches(pattern, value));

    [Fact]
    public void Statement_object_and_array_both_parse()
    {
        var single = PolicyParser.Parse("""{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}}""");
        var list = PolicyParser.Parse("""{"Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"AWS":["*"]}}]}""");
        Assert.Single(single.Document!.Statements);
        Assert.True(single.Document.Statements[0].Principal!.Everyone);
        Assert.Equal(["*"], list.Document!.Statements[0].Principal!.Of("aws"));
    }

    [Fact]
    public void Percent_encoded_documents_are_rfc3986_decoded_keeping_plus()
    {
        var encoded = Uri.EscapeDataString("""{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::222222222222:role/a+b"}}}""");
        var parsed = PolicyParser.Parse(encoded);
        Assert.Equal("arn:aws:iam::222222222222:role/a+b", parsed.Document!.Statements[0].Principal!.Of("AWS")[0]);
    }

    [Fact]
    public void Condition_operators_split_into_qualifier_base_and_if_exists_with_case_insensitive_keys()
    {
        var parsed = PolicyParser.Parse("""
            {"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*",
             "Condition":{"ForAnyValue:StringLikeIfExists":{"AWS:PrincipalOrgPaths":["o-1/r-1/*"]},"Bool":{"aws:MultiFactorAuthPresent":true}}}}
            """);
        var conditions = parsed.Document!.Statements[0].Conditions;
        Assert.Equal("ForAnyValue", conditions[0].SetQualifier);
        Assert.Equal("StringLike", conditions[0].BaseOperator);
        Assert.True(conditions[0].IfExists);
        Assert.Equal("aws:principalorgpaths", conditions[0].Key);
        Assert.Equal(["true"], conditions[1].Values);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Statement":"Allow"}""")]
    [InlineData("""{"Statement":{"Action":"sts:AssumeRole"}}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":{"x":1}}}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":"someone"}}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":"x"}}}""")]
    public void Malformed_documents_are_errors_never_empty_policies(string text)
    {
        var parsed = PolicyParser.Parse(text);
        Assert.Null(parsed.Document);
        Assert.False(string.IsNullOrEmpty(parsed.Error));
    }
}
