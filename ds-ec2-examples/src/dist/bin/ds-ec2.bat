@echo off
rem ds-ec2 launcher: needs a Java 17+ runtime. Java: %JAVA_HOME%\bin\java if set, else java on the PATH.
rem Extra JVM options: %DS_EC2_OPTS%.
setlocal
set "DS_EC2_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_EXE=%JAVA_HOME%\bin\java.exe") else (set "JAVA_EXE=java")
"%JAVA_EXE%" %DS_EC2_OPTS% -cp "%DS_EC2_HOME%\lib\*" io.dsec2.examples.cli.DsEc2Cli %*
exit /b %ERRORLEVEL%
