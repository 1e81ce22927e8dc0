using Thalian.AwsEmulator;

var app = EmulatorApp.Create(args);
app.Run();
