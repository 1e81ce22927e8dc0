using System.Net;
using System.Text.Json;
using Amazon.Runtime.Internal.Auth;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.CloudTrail;
using Thalian.AwsCollector.Iam;
using Thalian.AwsCollector.Syncing;

namespace Thalian.AwsCollector.Tests.Parsing;

public sealed class PolicyAndEventParsingTests
{
    [Theory]
    [InlineData("%7B%22a%22%3A%22x+y%20z%22%7D", "{\"a\":\"x+y z\"}")]
    [InlineData("  {\"a\":\"100%25\"}  ", "{\"a\":\"100%25\"}")]
    public void Policy_documents_decode_by_rfc3986_and_raw_json_stays_raw(string encoded, string expected) =>
        Assert.Equal(expected, PolicyDocuments.Decode(encoded).Json);

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("%7B%22a%22", "not valid JSON")]
    [InlineData("%5B1%5D", "not a JSON object")]
    public void Undecodable_documents_explain_why(string? encoded, string reason)
    {
        var decoded = PolicyDocuments.Decode(encoded);
        Assert.Null(decoded.Json);
        Assert.Contains(reason, decoded.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAJQABLZS4A3QDU576Q"},"Action":"sts:AssumeRole"}]}""", "AROAJQABLZS4A3QDU576Q")]
    [InlineData("""{"Statement":{"Effect":"Deny","NotPrincipal":{"aws":["arn:aws:iam::111122223333:root","AIDAJQABLZS4A3QDU576Q"]},"Action":"*"}}""", "AIDAJQABLZS4A3QDU576Q")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/AROAJQABLZS4A3QDU576Q"]},"Action":"sts:AssumeRole"}]}""", null)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"AROAJQABLZS4A3QDU576Q"},"Action":"sts:AssumeRole"}]}""", null)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"AROA"},"Action":"sts:AssumeRole"}]}""", null)]
    public void Roles_note_trust_principals_shown_as_unique_ids(string trust, string? deleted)
    {
        var notes = DeletedPrincipals.NotesFor(trust);
        if (deleted is null)
        {
            Assert.Empty(notes);
        }
        else
        {
            Assert.Equal($"trust principal {deleted} is a unique id: the principal it named was deleted", Assert.Single(notes));
        }
    }

    [Theory]
    [InlineData("arn:aws:iam::111:mfa/alice", "virtual")]
    [InlineData("arn:aws-cn:iam::111:u2f/user/alice/key-ABC", "u2f")]
    [InlineData("GAHT12345678", "hardware")]
    [InlineData("arn:aws:iam::111:sms-mfa/x", "unknown")]
    public void Mfa_types_come_from_the_serial(string serial, string type) => Assert.Equal(type, IdentityAssembler.MfaType(serial));

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", true)]
    [InlineData("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess", true)]
    [InlineData("arn:aws:iam::123456789012:policy/AdministratorAccess", false)]
    public void Aws_managed_policies_are_told_apart_by_arn_not_name(string arn, bool managed) => Assert.Equal(managed, PolicyGrants.IsAwsManaged(arn));

    [Theory]
    [InlineData("arn:aws-cn:iam::1:user/a", "aws-cn", "iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("arn:aws-us-gov:iam::1:user/a", "aws-us-gov", "iam.us-gov.amazonaws.com", "us-gov-west-1")]
    [InlineData("arn:aws:sts::1:assumed-role/r/s", "aws", "iam.amazonaws.com", "us-east-1")]
    public void Partitions_have_their_own_iam_endpoint_and_signing_region(string arn, string name, string host, string region)
    {
        var partition = AwsPartition.ForArn(arn);
        Assert.Equal((name, host, region), (partition.Name, partition.IamHost, partition.IamSigningRegion));
        Assert.Equal($"arn:{name}:iam::aws:policy/AdministratorAccess", partition.ManagedPolicyArn("AdministratorAccess"));
    }

    [Fact]
    public void Error_bodies_are_read_in_aws_and_moto_shapes()
    {
        var aws = AwsErrorBody.Parse("iam:X", HttpStatusCode.BadRequest,
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", null);
        var moto = AwsErrorBody.Parse("iam:X", HttpStatusCode.Forbidden, "<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>no</Message></Error></Errors></ErrorResponse>", null);
        var json = AwsErrorBody.Parse("cloudtrail:LookupEvents", HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws#ThrottlingException\",\"message\":\"slow\"}", null);

        Assert.Equal(("Throttling", "Rate exceeded"), (aws.Code, aws.AwsMessage));
        Assert.True(moto.IsAccessDenied);
        Assert.Equal("ThrottlingException", json.Code);
        Assert.True(AwsThrottling.IsThrottle(json.Code));
        Assert.False(AwsThrottling.IsThrottle("LimitExceeded"));
    }

    [Fact]
    public void An_access_denied_names_the_missing_action_and_the_required_ones()
    {
        var text = AwsProblems.Describe(new AwsApiException("iam:GetAccountAuthorizationDetails", "AccessDenied", "no", HttpStatusCode.Forbidden));
        Assert.StartsWith("AWS denied iam:GetAccountAuthorizationDetails.", text, StringComparison.Ordinal);
        Assert.Contains("cloudtrail:LookupEvents", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"userIdentity":{"type":"Root"},"eventTime":"2026-01-01T00:00:00Z","eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"}}""", true)]
    [InlineData("""{"userIdentity":{"type":"Root","invokedBy":"s3.amazonaws.com"},"eventTime":"2026-01-01T00:00:00Z","eventName":"PutObject"}""", false)]
    [InlineData("""{"userIdentity":{"type":"Root"},"eventType":"AwsServiceEvent","eventTime":"2026-01-01T00:00:00Z"}""", false)]
    [InlineData("""{"userIdentity":{"type":"IAMUser","userName":"root"},"eventTime":"2026-01-01T00:00:00Z"}""", false)]
    public void Root_activity_follows_the_cis_filter(string record, bool counts)
    {
        var lookup = JsonDocument.Parse(JsonSerializer.Serialize(new { EventId = "e1", CloudTrailEvent = record })).RootElement;
        var outcome = RootActivityFilter.Evaluate(lookup, "us-east-1");
        Assert.Equal(counts, outcome.Activity is not null);
        Assert.Null(outcome.Unparseable);
    }

    [Fact]
    public void An_unreadable_event_record_is_reported_not_dropped()
    {
        var lookup = JsonDocument.Parse("""{"EventId":"e2","CloudTrailEvent":"{broken"}""").RootElement;
        Assert.Contains("e2", RootActivityFilter.Evaluate(lookup, "us-east-1").Unparseable, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sigv4_suite_get_vanilla_vector_matches()
    {
        const string Canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var result = AWS4Signer.ComputeSignature("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1",
            new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", "host;x-amz-date", Canonical);
        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", result.Signature);
    }
}
