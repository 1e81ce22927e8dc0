namespace Thalian.Deployment.Tests.Images;

public class DockerfileTests
{
    [Theory]
    [MemberData(nameof(Dockerfile.Projects), MemberType = typeof(Dockerfile))]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime(string project)
    {
        var dockerfile = new Dockerfile(project);
        var stages = dockerfile.Instructions.Where(i => i.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
        var runtime = dockerfile.Stage(-1);
        Assert.Contains("COPY --from=build /app ./", runtime);
        Assert.Contains(runtime, i => i == $"ENTRYPOINT [\"dotnet\", \"{Path.GetFileNameWithoutExtension(project)}.dll\"]");
    }

    [Theory]
    [MemberData(nameof(Dockerfile.Projects), MemberType = typeof(Dockerfile))]
    public void Restores_from_the_project_files_alone_so_the_package_layer_stays_cached(string project)
    {
        var dockerfile = new Dockerfile(project);
        var build = dockerfile.Stage(0).ToList();
        var restore = build.FindIndex(i => i.StartsWith("RUN dotnet restore ", StringComparison.Ordinal));
        Assert.True(restore > 0, "no restore step");
        var beforeRestore = Dockerfile.Copies(build.Take(restore)).ToList();
        Assert.All(beforeRestore, c => Assert.Matches(@"(\.csproj|\.props)$", c.Source));
        var copiedFiles = beforeRestore
            .Select(c => (c.Destination.EndsWith('/') ? c.Destination + Path.GetFileName(c.Source) : c.Destination).Replace("./", "", StringComparison.Ordinal))
            .ToList();
        var expected = dockerfile.ProjectClosure().Concat(["Directory.Build.props", "Directory.Packages.props"]);
        if (project.StartsWith("tests/", StringComparison.Ordinal))
        {
            expected = expected.Append("tests/Directory.Build.props");
        }
        Assert.All(expected, file => Assert.Contains(file, copiedFiles));

        var afterRestore = Dockerfile.Copies(build.Skip(restore)).Select(c => c.Source.TrimEnd('/')).ToList();
        Assert.All(dockerfile.ProjectClosure(), p => Assert.Contains(afterRestore, source => p.StartsWith(source + "/", StringComparison.Ordinal)));
        Assert.Contains(".editorconfig", afterRestore);
        Assert.Contains(build, i => i.StartsWith($"RUN dotnet publish {project} -c Release --no-restore", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfile.Projects), MemberType = typeof(Dockerfile))]
    public void Runs_as_a_non_root_user_on_port_8080_with_a_health_check(string project)
    {
        var runtime = new Dockerfile(project).Stage(-1);
        var user = runtime.Last(i => i.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)(:|$)", user);
        Assert.Contains("ENV ASPNETCORE_HTTP_PORTS=8080", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        var health = Assert.Single(runtime, i => i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(project.StartsWith("services/", StringComparison.Ordinal) ? "GET /health/ready " : "GET /health ", health, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1/8080", health, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_local_state_and_secrets()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.All(new[] { "**/bin/", "**/obj/", ".git/", ".env", "**/node_modules/" }, p => Assert.Contains(p, ignored));
    }
}
