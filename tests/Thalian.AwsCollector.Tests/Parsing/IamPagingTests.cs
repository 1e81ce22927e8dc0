using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Tests.Parsing;

/// <summary>The GAAD paging loop on canned answers (moto ignores MaxItems, so it cannot show this).</summary>
public sealed class IamPagingTests
{
    private const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static string Page(string lists, string? marker) =>
        $"<GetAccountAuthorizationDetailsResponse xmlns=\"{Ns}\"><GetAccountAuthorizationDetailsResult>{lists}" +
        $"<IsTruncated>{(marker is null ? "false" : "true")}</IsTruncated>{(marker is null ? "" : $"<Marker>{marker}</Marker>")}" +
        "</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>";

    private static string User(string name) =>
        $"<member><UserName>{name}</UserName><UserId>AIDA{name}</UserId><Arn>arn:aws:iam::1:user/{name}</Arn><CreateDate>2024-01-01T00:00:00.123456Z</CreateDate></member>";

    [Fact]
    public async Task Every_page_is_read_until_not_truncated_and_all_four_lists_accumulate()
    {
        var canned = new Canned(
            Page($"<UserDetailList>{User("a")}{User("b")}</UserDetailList>", "m1"),
            Page("<UserDetailList/>", "m2"),
            Page($"<UserDetailList>{User("c")}</UserDetailList><RoleDetailList><member><RoleName>r</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::1:role/r</Arn>" +
                 "<AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></member></RoleDetailList>" +
                 "<Policies><member><Arn>arn:aws:iam::1:policy/p</Arn><PolicyVersionList><member><Document>%7B%22old%22%3A1%7D</Document><IsDefaultVersion>false</IsDefaultVersion></member>" +
                 "<member><Document>%7B%22new%22%3A1%7D</Document><IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member></Policies>", null));

        var details = await Client(canned).GetAuthorizationDetailsAsync(Target, default);

        Assert.Equal(["a", "b", "c"], details.Users.Select(u => u.UserName));
        Assert.Equal("r", Assert.Single(details.Roles).RoleName);
        var policy = Assert.Single(details.Policies);
        Assert.Equal(("p", "%7B%22new%22%3A1%7D"), (policy.Name, policy.EncodedDefaultDocument));
        Assert.Equal([null, "m1", "m2"], canned.Markers);
    }

    [Fact]
    public async Task Truncated_without_a_marker_is_malformed_not_the_end()
    {
        var canned = new Canned(Page($"<UserDetailList>{User("a")}</UserDetailList>", "") );

        await Assert.ThrowsAsync<AwsMalformedResponseException>(() => Client(canned).GetAuthorizationDetailsAsync(Target, default));
    }

    [Fact]
    public async Task A_user_without_a_name_is_malformed()
    {
        var canned = new Canned(Page("<UserDetailList><member><UserId>AIDA1</UserId></member></UserDetailList>", null));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => Client(canned).GetAuthorizationDetailsAsync(Target, default));
        Assert.Contains("UserName", error.Message, StringComparison.Ordinal);
    }

    private static readonly AwsTarget Target = new(new BasicAWSCredentials("AKIAEXAMPLE", "secret"), AwsPartition.Aws, "us-east-1", new Uri("http://127.0.0.1:1/"));

    private static IamClient Client(Canned canned) =>
        new(new QueryProtocol(new AwsHttp(canned)), Options.Create(new AwsCollectorOptions { PageSize = 2 }));

    private sealed class Canned(params string[] pages) : HttpMessageHandler, IHttpClientFactory
    {
        private int next;

        public List<string?> Markers { get; } = [];

        public HttpClient CreateClient(string name) => new(this, false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = System.Web.HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
            Assert.Equal("2", form["MaxItems"]);
            Markers.Add(form["Marker"]);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pages[next++]) };
        }
    }
}
