using System.Net;
using Thalian.IdpCollector.ReadingDirectories;

namespace Thalian.IdpCollector.Tests;

public sealed class VendorErrorTests
{
    [Theory]
    [InlineData("""{"errorCode":"E0000011","errorSummary":"Invalid token provided"}""", "HTTP 401, E0000011: Invalid token provided")]
    [InlineData("""{"error":{"code":401,"message":"Request had invalid authentication credentials."}}""", "HTTP 401, 401: Request had invalid authentication credentials.")]
    [InlineData("""{"error":"invalid_client","error_description":"Bad secret <script>"}""", "HTTP 401, invalid_client: Bad secret script")]
    [InlineData("<html>internal page</html>", "HTTP 401, no vendor error code")]
    [InlineData("", "HTTP 401, no vendor error code")]
    public void Only_a_short_sanitised_code_and_message_are_kept(string body, string expected) =>
        Assert.Equal(expected, VendorError.Describe(HttpStatusCode.Unauthorized, body));

    [Fact]
    public void A_long_message_is_cut()
    {
        var described = VendorError.Describe(HttpStatusCode.BadRequest, $$"""{"message":"{{new string('a', 5000)}}"}""");

        Assert.True(described.Length < 160, described);
    }
}
