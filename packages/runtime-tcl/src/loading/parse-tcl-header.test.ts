import { describe, expect, it } from 'vitest';
import { parseTclHeader } from './parse-tcl-header.js';

describe('parseTclHeader', () => {
  it('reads description, version, params and result mode until the first blank line', () => {
    const header = parseTclHeader(
      [
        '#!/usr/bin/env tclsh',
        '# @description Reverses a string',
        '# @version 1.2',
        '# @param text:string:required Text to reverse',
        '# @param times:int:optional How often',
        '# @param tags:list Labels',
        '# @result json',
        '',
        '# @param late:string:required not part of the header',
        'set x 1',
      ].join('\n'),
    );
    expect(header).toEqual({
      description: 'Reverses a string',
      version: '1.2',
      result: 'json',
      parameters: [
        { name: 'text', type_name: 'string', required: true, description: 'Text to reverse' },
        { name: 'times', type_name: 'int', required: false, description: 'How often' },
        { name: 'tags', type_name: 'list', required: false, description: 'Labels' },
      ],
    });
  });

  it('stops at the first command and ignores unknown tags', () => {
    expect(parseTclHeader('# @author someone\nputs hi\n# @description too late')).toEqual({
      parameters: [],
    });
  });
});
