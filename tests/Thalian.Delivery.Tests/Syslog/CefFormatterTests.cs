using System.Text;
using Thalian.Delivery.Destinations.Syslog;

namespace Thalian.Delivery.Tests.Syslog;

public sealed class CefFormatterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a|b", @"a\|b")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData(@"a\|b", @"a\\\|b")]
    [InlineData("a=b", "a=b")]
    [InlineData("line\nbreak\r\n", "line break  ")]
    [InlineData("tab\there", "tab here")]
    [InlineData("ünïcode ✓", "ünïcode ✓")]
    public void Header_fields_escape_pipes_and_backslashes_and_lose_newlines(string value, string expected) =>
        Assert.Equal(expected, Cef.Header(value));

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a=b", @"a\=b")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData(@"a\=b", @"a\\\=b")]
    [InlineData("a|b", "a|b")]
    [InlineData("one\ntwo", @"one\ntwo")]
    [InlineData("one\r\ntwo", @"one\r\ntwo")]
    [InlineData("nul\0byte", "nul byte")]
    public void Extension_values_escape_equals_backslashes_and_newlines_but_not_pipes(string value, string expected) =>
        Assert.Equal(expected, Cef.Extension(value));

    [Theory]
    [InlineData("low", 3)]
    [InlineData("medium", 5)]
    [InlineData("high", 8)]
    [InlineData("critical", 10)]
    [InlineData("CRITICAL", 10)]
    [InlineData("catastrophic", 0)]
    public void Severity_maps_onto_0_to_10(string severity, int expected) => Assert.Equal(expected, CefFormatter.Severity(severity));

    [Fact]
    public void A_transition_reads_back_with_every_documented_key()
    {
        var eventId = Guid.NewGuid();
        var finding = SampleFindings.Orphaned("resolved");
        var text = CefFormatter.Format(SampleFindings.Event(finding, "resolved", DateTimeOffset.Parse("2026-12-02T10:00:00.123Z"), "condition-cleared") with { EventId = eventId });

        var cef = CefText.Parse(text);

        Assert.Equal(["CEF:0", "Thalian", "Thalian", cef.Header[3], "orphaned-iam-user", finding.Title, "8"], cef.Header);
        Assert.Equal("1796205600123", cef["rt"]);
        Assert.Equal(finding.FindingId.ToString(), cef["externalId"]);
        Assert.Equal("resolved", cef["act"]);
        Assert.Equal("resolved", cef["outcome"]);
        Assert.Equal(("ruleId", "orphaned-iam-user"), (cef["cs1Label"], cef["cs1"]));
        Assert.Equal(("awsAccountId", "111111111111"), (cef["cs2Label"], cef["cs2"]));
        Assert.Equal(("eventId", eventId.ToString()), (cef["cs3Label"], cef["cs3"]));
        Assert.Equal(("identityId", finding.IdentityId.ToString()), (cef["cs4Label"], cef["cs4"]));
        Assert.Equal(("tenantId", "tenant-a"), (cef["cs5Label"], cef["cs5"]));
        Assert.Equal(("cisControl", "1.12"), (cef["cs6Label"], cef["cs6"]));
        Assert.Equal(finding.ResourceArn, cef["duser"]);
        Assert.Equal(finding.ResourceId, cef["duid"]);
        Assert.Equal("iam-user", cef["cat"]);
        Assert.Equal(finding.FirstSeenAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), cef["start"]);
        Assert.Equal(finding.LastSeenAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), cef["end"]);
        Assert.Equal("condition-cleared", cef["reason"]);
        Assert.Equal(finding.Summary, cef["msg"]);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Under_a_size_limit_optional_keys_are_left_out_whole_and_the_identifying_ones_stay()
    {
        var e = SampleFindings.Event(SampleFindings.Orphaned() with { Summary = new string('x', 2000) }, "opened", DateTimeOffset.UtcNow);
        var full = CefFormatter.Format(e);

        var fitted = CefFormatter.Format(e, 900);

        Assert.True(Encoding.UTF8.GetByteCount(full) > 2000);
        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= 900);
        var cef = CefText.Parse(fitted);
        Assert.False(cef.Extension.ContainsKey("msg"));
        Assert.Equal("tenant-a", cef["cs5"]);
        Assert.Equal(e.Finding.FindingId.ToString(), cef["externalId"]);
    }

    [Fact]
    public void A_message_whose_identifying_keys_cannot_fit_is_refused_with_the_reason()
    {
        var e = SampleFindings.Event(SampleFindings.Orphaned(), "opened", DateTimeOffset.UtcNow);

        var refused = Assert.Throws<SyslogMessageTooLargeException>(() => CefFormatter.Format(e, 200));

        Assert.Contains("200 bytes", refused.Message, StringComparison.Ordinal);
    }
}
