using Microsoft.Extensions.Options;
using Thalian.IdpCollector.ReadingDirectories;

namespace Thalian.IdpCollector.Connecting;

/// <summary>Validation of a request and the one real call that proves its credentials.</summary>
public sealed class CredentialCheck(DirectoryClientFactory clients, IOptions<IdpOptions> options)
{
    /// <summary>Custom endpoints (emulators) only for a demo/test tenant and only where the installation allows them.</summary>
    public (ConnectionDefinition? Definition, Dictionary<string, string[]> Errors) Define(string provider, ConnectRequest request, bool sandbox) =>
        ConnectionDefinition.Build(provider, request, new EndpointPolicy(options.Value.AllowCustomEndpoints && sandbox));

    public async Task<IResult?> VerifyAsync(string provider, ConnectionDefinition definition, CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.Create(provider, definition.Settings, definition.Secrets, new RequestStats());
            await client.VerifyAsync(cancellationToken);
            return null;
        }
        catch (DirectoryException ex)
        {
            var (status, title) = ex.Failure switch
            {
                DirectoryFailure.Credentials => (422, "The credentials were rejected"),
                DirectoryFailure.Permission => (422, "The credentials lack a permission"),
                DirectoryFailure.Unreachable => (422, "The IdP could not be reached"),
                _ => (422, "The IdP did not answer as expected"),
            };
            return Results.Problem(ex.Message, statusCode: status, title: title);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Problem($"The {provider} credentials could not be used ({ex.GetType().Name}).", statusCode: 422,
                title: "The credentials could not be used");
        }
    }
}
