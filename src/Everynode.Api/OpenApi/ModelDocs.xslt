<?xml version="1.0" encoding="utf-8"?>
<!--
  Keeps only the <summary> of KubernetesClient's model types and properties (k8s.Models) from the package's XML
  documentation: upstream's field descriptions, which the OpenAPI schemas carry for `kubectl explain`.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="no" encoding="utf-8"/>
  <xsl:template match="/">
    <docs>
      <xsl:for-each select="/doc/members/member[starts-with(@name, 'T:k8s.Models.') or starts-with(@name, 'P:k8s.Models.')]">
        <m n="{substring(@name, 3)}"><xsl:value-of select="normalize-space(summary)"/></m>
      </xsl:for-each>
    </docs>
  </xsl:template>
</xsl:stylesheet>
